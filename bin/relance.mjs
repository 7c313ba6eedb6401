#!/usr/bin/env node
// Runs the TypeScript sources directly, so `npx relance` works in a fresh checkout with no build.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
