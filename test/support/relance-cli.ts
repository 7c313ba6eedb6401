import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { nodeArgsFor } from './built-entries.js';

const root = join(import.meta.dirname, '..', '..');

/** Runs `relance …` as a user would, in its own process, with no mail or SMS provider configured. */
export function relanceCli(args: readonly string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('node', [...nodeArgsFor('relance'), ...args], { cwd: root, env: { ...process.env, SMTP_URL: '', SMS_PROVIDER_URL: '', ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}
