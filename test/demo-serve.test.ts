import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/adapters/db/database.js';
import { nodeArgsFor } from './support/built-entries.js';
import { ENGINES, freshDatabaseUrl } from './support/engines.js';

const root = join(import.meta.dirname, '..');

interface Served {
  stdout: string;
  stderr: string;
  health: unknown;
  /** What `probe` returned, called with the server's base URL before it is stopped. */
  probed: unknown;
}

/**
 * Starts `relance serve` on a free port, waits until it has printed `until` (or exited), runs
 * `probe` against it, stops it, and returns what it printed.
 */
function serveUntil(
  url: string,
  extraArgs: string[],
  until: RegExp,
  options: { env?: Record<string, string>; probe?: (baseUrl: string, stdout: string) => Promise<unknown> } = {},
): Promise<Served> {
  return new Promise((resolve, reject) => {
    const child = spawn('node', [...nodeArgsFor('relance'), 'serve', '--port', '0', ...extraArgs], {
      cwd: root,
      env: { ...process.env, NODE_ENV: 'development', TRUST_PROXY: '', ...options.env, DATABASE_URL: url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let settled = false;
    const timer = setTimeout(() => finish(new Error(`relance serve printed no ${until} within 50 s:\n${stdout}\n${stderr}`)), 50_000);
    const finish = (error?: Error, health?: unknown, probed?: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGTERM');
      if (error) reject(error);
      else resolve({ stdout, stderr, health, probed });
    };
    let probing = false;
    child.stdout.on('data', async (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!until.test(stdout) || settled || probing) return;
      probing = true;
      const address = /running at (http:\/\/\S+)/.exec(stdout)?.[1];
      try {
        const health = address ? await (await fetch(`${address}api/health`)).json() : undefined;
        const probed = address && options.probe ? await options.probe(address, stdout) : undefined;
        finish(undefined, health, probed);
      } catch (error) {
        finish(error as Error);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => finish(new Error(`relance serve exited with ${code}:\n${stdout}\n${stderr}`)));
  });
}

/** Signs in over HTTP and returns the Set-Cookie header the server answered. */
async function sessionCookie(baseUrl: string, email: string, password: string, headers: Record<string, string> = {}): Promise<string> {
  const response = await fetch(`${baseUrl}api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200) throw new Error(`sign-in of ${email} answered ${response.status}: ${await response.text()}`);
  return response.headers.get('set-cookie') ?? '';
}

const ADMIN_LINE = /^ {2}demo@relance\.example +admin +(\S+) +Élise Fontaine$/m;

describe.each(ENGINES)('first start on %s', (engine) => {
  it('loads the demo into an empty database (SQLite unasked, PostgreSQL with --demo), prints every demo user with a generated password, then the demo login on every start', async () => {
    const url = await freshDatabaseUrl(engine);
    const first = await serveUntil(url, engine === 'sqlite' ? [] : ['--demo'], /Demo login.*\n/, {
      env: { TRUST_PROXY: '1' },
      probe: async (baseUrl, stdout) => {
        const password = ADMIN_LINE.exec(stdout)?.[1] ?? '';
        return {
          direct: await sessionCookie(baseUrl, 'demo@relance.example', password),
          behindTls: await sessionCookie(baseUrl, 'demo@relance.example', password, { 'x-forwarded-proto': 'https' }),
          collector: await sessionCookie(baseUrl, 'camille.bernard@relance.example', /^ {2}camille\.bernard@relance\.example +collector +(\S+)/m.exec(stdout)?.[1] ?? ''),
        };
      },
    });
    expect(first.stdout).toMatch(/Empty database: loading the demo organization "Atelier Numérique" \(400 customers, 6,000 invoices/);
    expect(first.stdout).toMatch(/Relance is running at http:\/\/127\.0\.0\.1:\d+\//);
    expect(first.stdout).toContain('Demo users (passwords generated for this database, shown only now):');
    const passwords = [...first.stdout.matchAll(/^ {2}\S+@relance\.example +(admin|collector|sales|viewer) +(\S+) /gm)].map((m) => m[2]);
    expect(passwords).toHaveLength(6);
    expect(new Set(passwords).size).toBe(6);
    expect(passwords).not.toContain('demo');
    // TRUST_PROXY=1: the proxy's X-Forwarded-Proto says whether the browser used HTTPS.
    const probed = first.probed as { direct: string; behindTls: string; collector: string };
    expect(probed.direct).toMatch(/^relance_session=/);
    expect(probed.direct).not.toMatch(/;\s*Secure/i);
    expect(probed.behindTls).toMatch(/;\s*Secure/i);
    expect(probed.collector).toMatch(/^relance_session=/);
    expect(first.stdout).toContain('Demo login (Atelier Numérique): demo@relance.example with the password printed when the demo was loaded');
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

    const password = ADMIN_LINE.exec(first.stdout)![1]!;
    const second = await serveUntil(url, ['--secure-cookies'], /Demo login.*\n/, { probe: (baseUrl) => sessionCookie(baseUrl, 'demo@relance.example', password) });
    expect(second.stdout).not.toContain('loading the demo');
    expect(second.stdout).not.toContain(password);
    expect(second.stdout).toContain(
      'Demo login (Atelier Numérique): demo@relance.example with the password printed when the demo was loaded ("relance users set-password --email demo@relance.example" makes a new one)',
    );
    // --secure-cookies: Secure whatever the request says, for TLS ended by a proxy that does not tell.
    expect(second.probed).toMatch(/;\s*Secure/i);
  });

  it('leaves an empty database empty with --no-demo', async () => {
    const url = await freshDatabaseUrl(engine);
    const run = await serveUntil(url, ['--no-demo'], /organization\(s\)\)\n/);
    expect(run.stdout).toContain('(0 organization(s))');
    expect(run.stdout).not.toContain('demo');
  });

  it(engine === 'postgres' ? 'loads no demo unasked on PostgreSQL' : 'loads no demo unasked with NODE_ENV=production', async () => {
    const url = await freshDatabaseUrl(engine);
    const run = await serveUntil(url, [], /organization\(s\)\)\n/, { env: engine === 'sqlite' ? { NODE_ENV: 'production' } : {} });
    expect(run.stdout).toContain('(0 organization(s))');
    expect(run.stdout).not.toContain('demo');
  });
});
