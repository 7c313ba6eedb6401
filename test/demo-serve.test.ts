import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/adapters/db/database.js';
import { ENGINES, freshDatabaseUrl } from './support/engines.js';

const root = join(import.meta.dirname, '..');

/**
 * Starts `relance serve` on a free port, waits until it has printed `until` (or exited), stops
 * it, and returns what it printed.
 */
function serveUntil(url: string, extraArgs: string[], until: RegExp): Promise<{ stdout: string; stderr: string; health: unknown }> {
  return new Promise((resolve, reject) => {
    const child = spawn('node', [join(root, 'bin/relance.mjs'), 'serve', '--port', '0', ...extraArgs], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let settled = false;
    const timer = setTimeout(() => finish(new Error(`relance serve printed no ${until} within 50 s:\n${stdout}\n${stderr}`)), 50_000);
    const finish = (error?: Error, health?: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGTERM');
      if (error) reject(error);
      else resolve({ stdout, stderr, health });
    };
    child.stdout.on('data', async (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!until.test(stdout) || settled) return;
      const address = /running at (http:\/\/\S+)/.exec(stdout)?.[1];
      try {
        const health = address ? await (await fetch(`${address}api/health`)).json() : undefined;
        finish(undefined, health);
      } catch (error) {
        finish(error as Error);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => finish(new Error(`relance serve exited with ${code}:\n${stdout}\n${stderr}`)));
  });
}

describe.each(ENGINES)('first start on %s', (engine) => {
  it('loads the demo into an empty database, then prints the URL and the demo login on every start', async () => {
    const url = await freshDatabaseUrl(engine);
    const first = await serveUntil(url, [], /Demo login.*\n/);
    expect(first.stdout).toMatch(/Empty database: loading the demo organization "Atelier Numérique" \(400 customers, 6,000 invoices/);
    expect(first.stdout).toMatch(/Relance is running at http:\/\/127\.0\.0\.1:\d+\//);
    expect(first.stdout).toContain('Demo login (Atelier Numérique): demo@relance.example / demo');
    expect(first.health).toMatchObject({ status: 'ok' });

    const db = await openDatabase(url);
    try {
      const customers = await db.kysely.selectFrom('customers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const invoices = await db.kysely.selectFrom('invoices').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(Number(customers.n)).toBeGreaterThanOrEqual(300);
      expect(Number(invoices.n)).toBeGreaterThanOrEqual(5000);
      const range = await db.kysely
        .selectFrom('invoices')
        .select((eb) => [eb.fn.min('issue_date').as('first'), eb.fn.max('issue_date').as('last')])
        .executeTakeFirstOrThrow();
      // Eighteen months of history up to about today: 17 or 18 calendar months apart,
      // depending on where in the month today falls.
      const months = (Number(range.last.slice(0, 4)) - Number(range.first.slice(0, 4))) * 12 + Number(range.last.slice(5, 7)) - Number(range.first.slice(5, 7));
      expect([17, 18]).toContain(months);
    } finally {
      await db.close();
    }

    const second = await serveUntil(url, [], /Demo login.*\n/);
    expect(second.stdout).not.toContain('loading the demo');
    expect(second.stdout).toContain('Demo login (Atelier Numérique): demo@relance.example / demo');
  });

  it('leaves an empty database empty with --no-demo', async () => {
    const url = await freshDatabaseUrl(engine);
    const run = await serveUntil(url, ['--no-demo'], /organization\(s\)\)\n/);
    expect(run.stdout).toContain('(0 organization(s))');
    expect(run.stdout).not.toContain('demo');
  });
});
