import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/adapters/db/database.js';
import { collectionOrganization, customerWithInvoices } from './support/collection-ledger.js';
import { freshDatabaseUrl } from './support/engines.js';
import { relanceCli } from './support/relance-cli.js';

// The use cases run on both engines in mandates-api.test.ts; this checks the commands, each a
// process of its own, once.
describe('relance org create --kind agency, mandate create|list|end and case take-back', () => {
  let env: Record<string, string>;
  const relance = (...args: string[]) => relanceCli(args, env);

  beforeAll(async () => {
    const url = await freshDatabaseUrl('sqlite');
    env = { DATABASE_URL: url, RELANCE_ORG: '', OUTBOX_DIR: mkdtempSync(join(tmpdir(), 'relance-mandates-cli-')) };
    const db = await openDatabase(url);
    const org = await collectionOrganization(db, 'Atelier Durand');
    await customerWithInvoices(db, org.id, 'C001', [['F-1', '2025-05-01', 1000_00], ['F-2', '2025-05-06', 500_00]]);
    await customerWithInvoices(db, org.id, 'C002', [['G-1', '2025-05-01', 700_00]]);
    await db.close();
  });

  it('creates an agency, hands it a case, lists it with its figures, and takes it back', async () => {
    const created = await relance('org', 'create', '--name', 'Cabinet Recouvre', '--country', 'FR', '--kind', 'agency');
    expect(created.stderr).toBe('');
    expect(created.stdout).toContain('Created the collection agency "Cabinet Recouvre"');
    expect(created.stdout).toContain('kind agency');

    const handed = await relance('mandate', 'create', '--org', 'Atelier Durand', '--customer', 'C001', '--agency', 'Cabinet Recouvre', '--acting', 'agency', '--fee-percent', '15', '--fixed-fee', '50.00');
    expect(handed.stderr).toBe('');
    expect(handed.stdout).toMatch(/^Mandate \S+: Customer C001 \(C001\) handed to Cabinet Recouvre from \d{4}-\d{2}-\d{2} until ended or taken back, active/);
    expect(handed.stdout).toContain('fee 15 % + 50.00 EUR');
    expect(handed.stdout).toContain('handed 1500.00 EUR, recovered 0.00 EUR (0 %), outstanding 1500.00 EUR, fee 50.00 EUR');

    const again = await relance('mandate', 'create', '--org', 'Atelier Durand', '--customer', 'C001', '--agency', 'Cabinet Recouvre', '--acting', 'agency', '--fee-percent', '15');
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('already handed');

    const outside = await relance('mandate', 'create', '--org', 'Atelier Durand', '--customer', 'C002', '--partner-email', 'dossiers@martin.example', '--partner-name', 'Cabinet Martin', '--acting', 'creditor', '--fee-percent', '12.5', '--until', '2099-12-31');
    expect(outside.stderr).toBe('');
    expect(outside.stdout).toContain('The case file is queued for dossiers@martin.example');

    const list = await relance('mandate', 'list', '--org', 'Atelier Durand', '--status', 'active');
    expect(list.stderr).toBe('');
    const lines = list.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^mandate\s+customer\s+partner\s+status\s+since\s+until\s+handed\s+recovered\s+rate\s+fee$/);
    expect(lines).toHaveLength(3);
    expect(list.stdout).toMatch(/C001 Customer C001\s+Cabinet Recouvre\s+active\s+\S+\s+-\s+1500\.00 EUR\s+0\.00 EUR\s+0 %\s+50\.00 EUR/);
    expect(list.stdout).toMatch(/C002 Customer C002\s+Cabinet Martin <dossiers@martin\.example>\s+active\s+\S+\s+2099-12-31\s+700\.00 EUR/);

    const back = await relance('case', 'take-back', '--org', 'Atelier Durand', 'C001');
    expect(back.stderr).toBe('');
    expect(back.stdout).toMatch(/handed to Cabinet Recouvre .*, taken_back on \d{4}-\d{2}-\d{2}/);
    const outsideId = /^Mandate (\S+):/.exec(outside.stdout)![1]!;
    const ended = await relance('mandate', 'end', '--org', 'Atelier Durand', outsideId);
    expect(ended.stderr).toBe('');
    expect(ended.stdout).toContain(', ended on ');
    const none = await relance('mandate', 'list', '--org', 'Atelier Durand', '--status', 'active');
    expect(none.stdout).toBe('No handed case.\n');
    const json = JSON.parse((await relance('mandate', 'list', '--org', 'Atelier Durand', '--json')).stdout);
    expect(json.items.map((m: { status: string }) => m.status).sort()).toEqual(['ended', 'taken_back']);
  }, 120_000);

  it('says what is wrong with a term, naming the option', async () => {
    const wrong = await relance('mandate', 'create', '--org', 'Atelier Durand', '--customer', 'C002', '--agency', 'Nobody', '--acting', 'agency', '--fee-percent', '15');
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toContain('no collection agency "Nobody"');
    const percent = await relance('mandate', 'create', '--org', 'Atelier Durand', '--customer', 'C002', '--agency', 'Cabinet Recouvre', '--acting', 'agency', '--fee-percent', '150');
    expect(percent.code).not.toBe(0);
    expect(percent.stderr).toContain('fee_percent must be a percentage from 0 to 100');
    const notHanded = await relance('case', 'take-back', '--org', 'Atelier Durand', 'C002');
    expect(notHanded.code).not.toBe(0);
    expect(notHanded.stderr).toContain('is not handed to any partner');
  }, 60_000);
});
