// A worker thread's entry: Relance runs its TypeScript sources directly, so the thread registers
// the same loader the command line does before it loads the demo's history.
import { register } from 'tsx/esm/api';

register();
await import('./demo-history-thread.ts');
