// A worker thread's entry: Relance runs its TypeScript sources directly, so the worker registers
// the same loader the command line does before it loads the import job.
import { register } from 'tsx/esm/api';

register();
await import('./import-job-worker.ts');
