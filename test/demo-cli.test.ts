import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/adapters/db/database.js';
import { verifyPassword } from '../src/adapters/security/password.js';
import { generateLedger } from '../src/app/demo/generate-ledger.js';
import type { PlainDate } from '../src/core/plain-date.js';
import { nodeArgsFor } from './support/built-entries.js';
import { ENGINES, freshDatabaseUrl } from './support/engines.js';

const root = join(import.meta.dirname, '..');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `relance …` in its own process; `start` is what node runs (the test run's bundle unless told). */
function relance(args: string[], env: Record<string, string> = {}, start = nodeArgsFor('relance')): Promise<Run> {
  return new Promise((resolve) => {
    execFile('node', [...start, ...args], { cwd: root, env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

function lineCount(path: string): number {
  return readFileSync(path, 'utf8').split('\n').filter((line) => line !== '').length;
}

describe('the relance command of a checkout', () => {
  // The other tests start a bundle of the same sources; this one starts what `npx relance` runs.
  it('starts from its TypeScript sources and lists its commands', async () => {
    const run = await relance(['--help'], {}, [join(root, 'bin/relance.mjs')]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: relance');
    for (const command of ['serve', 'demo', 'import', 'run', 'outbox']) expect(run.stdout).toMatch(new RegExp(`^ {2}${command}\\b`, 'm'));
  });
});

describe('relance demo --csv', () => {
  it('writes one row per generated customer, invoice, credit note and payment, under a header', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relance-demo-cli-'));
    const run = await relance(['demo', '--csv', dir, '--customers', '40', '--invoices', '600', '--seed', '5', '--as-of', '2025-06-30']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const expected = { customer: 0, invoice: 0, credit_note: 0, payment: 0 } as Record<string, number>;
    for (const r of generateLedger({ customers: 40, invoices: 600, seed: 5, asOf: '2025-06-30' as PlainDate }).records()) {
      if (r.kind in expected) expected[r.kind]! += 1;
    }
    expect(expected.invoice).toBe(600);
    expect(lineCount(join(dir, 'customers.csv'))).toBe(1 + 40);
    expect(lineCount(join(dir, 'invoices.csv'))).toBe(1 + 600);
    expect(lineCount(join(dir, 'credit-notes.csv'))).toBe(1 + expected.credit_note!);
    expect(lineCount(join(dir, 'payments.csv'))).toBe(1 + expected.payment!);
    expect(run.stdout).toContain(`${join(dir, 'invoices.csv')}  600 rows`);
  });

  it('says what is wrong with a count or a date it cannot read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relance-demo-cli-'));
    const [badCount, badDate] = await Promise.all([
      relance(['demo', '--csv', dir, '--invoices', 'many']),
      relance(['demo', '--csv', dir, '--as-of', '30/06/2025']),
    ]);
    expect(badCount.code).toBe(2);
    expect(badCount.stderr).toContain('--invoices takes a whole number, got "many"');
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toContain('--as-of takes a date written YYYY-MM-DD');
  });
});

describe.each(ENGINES)('relance demo and relance org on %s', (engine) => {
  it('loads the demo, prints the sign-in, and refuses a second load with a sentence', async () => {
    const url = await freshDatabaseUrl(engine);
    const first = await relance(['demo', '--customers', '30', '--invoices', '300', '--as-of', '2025-06-30'], { DATABASE_URL: url });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Loaded the demo organization "Atelier Numérique"');
    expect(first.stdout).toContain('30 customers, 300 invoices');
    const admin = /^ {2}demo@relance\.example +admin +(\S+) +Élise Fontaine$/m.exec(first.stdout)?.[1];
    expect(admin).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    expect(first.stdout).toMatch(/^ {2}julie\.moreau@relance\.example +viewer +[a-z2-9-]{19} +Julie Moreau$/m);
    expect(first.stdout).toContain(`Sign in with demo@relance.example / ${admin}`);
    const second = await relance(['demo'], { DATABASE_URL: url });
    expect(second.code).toBe(5);
    expect(second.stderr).toMatch(/already holds an organization named "Atelier Numérique": the demo is loaded only once per database/);
    const aging = await relance(['report', 'aging', '--json', '--as-of', '2025-06-30'], { DATABASE_URL: url });
    expect(aging.code).toBe(0);
    expect(JSON.parse(aging.stdout).organization.name).toBe('Atelier Numérique');
  });

  it('creates an organization with its first admin, whose printed password signs in', async () => {
    const url = await freshDatabaseUrl(engine);
    const run = await relance(
      ['org', 'create', '--name', 'Boulangerie Martin', '--country', 'FR', '--currency', 'EUR', '--time-zone', 'Europe/Paris', '--admin-email', 'Compta@Boulangerie-Martin.example'],
      { DATABASE_URL: url, RELANCE_ADMIN_PASSWORD: '' },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const password = /Admin login: compta@boulangerie-martin\.example \/ (\S+)/.exec(run.stdout)?.[1];
    expect(password).toBeDefined();
    const db = await openDatabase(url);
    try {
      const organization = await db.kysely.selectFrom('organizations').selectAll().executeTakeFirstOrThrow();
      expect(organization).toMatchObject({ name: 'Boulangerie Martin', country: 'FR', currency: 'EUR', time_zone: 'Europe/Paris', locale: 'fr', default_terms: 'net 30' });
      const admin = await db.kysely.selectFrom('users').selectAll().executeTakeFirstOrThrow();
      expect(admin).toMatchObject({ email: 'compta@boulangerie-martin.example', role: 'admin', organization_id: organization.id });
      expect(await verifyPassword(password!, admin.password_hash)).toBe(true);
      const customers = await db.kysely.selectFrom('customers').select('id').execute();
      expect(customers).toEqual([]);
    } finally {
      await db.close();
    }

    const [again, belgian] = await Promise.all([
      relance(['org', 'create', '--name', 'Boulangerie Martin', '--country', 'FR'], { DATABASE_URL: url }),
      relance(['org', 'create', '--name', 'Bakkerij Peeters', '--country', 'be', '--locale', 'nl'], { DATABASE_URL: url }),
    ]);
    expect(again.code).toBe(5);
    expect(again.stderr).toContain('already holds an organization named "Boulangerie Martin"');
    expect(belgian.code).toBe(0);
    expect(belgian.stdout).toContain('(BE, EUR, Europe/Brussels, terms net 30)');
    const listed = await relance(['org', 'list'], { DATABASE_URL: url });
    expect(listed.stdout.split('\n').filter(Boolean).map((line) => line.split('\t')[0])).toEqual(['Boulangerie Martin', 'Bakkerij Peeters']);
  });

  it('refuses a country, currency or time zone it does not know, naming the option', async () => {
    const url = await freshDatabaseUrl(engine);
    const [country, zone, currency] = await Promise.all([
      relance(['org', 'create', '--name', 'X', '--country', 'ES'], { DATABASE_URL: url }),
      relance(['org', 'create', '--name', 'X', '--country', 'FR', '--time-zone', 'Europe/Lyon'], { DATABASE_URL: url }),
      relance(['org', 'create', '--name', 'X', '--country', 'FR', '--currency', 'euro'], { DATABASE_URL: url }),
    ]);
    expect(country.code).toBe(2);
    expect(country.stderr).toContain('--country must be one of FR, BE, DE, NL, LU, got "ES"');
    expect(zone.code).toBe(2);
    expect(zone.stderr).toContain('--time-zone takes an IANA zone');
    expect(currency.code).toBe(2);
    expect(currency.stderr).toContain('--currency takes a current ISO 4217 currency code');
  });
});
