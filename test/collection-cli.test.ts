import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/adapters/db/database.js';
import { collectionOrganization, customerWithInvoices } from './support/collection-ledger.js';
import { ENGINES, freshDatabaseUrl } from './support/engines.js';

const BIN = join(import.meta.dirname, '..', 'bin', 'relance.mjs');

describe.each(ENGINES)('relance run and pauses on %s', (engine) => {
  let url: string;
  const outboxDir = mkdtempSync(join(tmpdir(), 'relance-cli-outbox-'));
  const relance = (...args: string[]) => {
    const result = spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, DATABASE_URL: url, RELANCE_ORG: '', OUTBOX_DIR: outboxDir, SMTP_URL: '' }, encoding: 'utf8' });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  beforeAll(async () => {
    url = await freshDatabaseUrl(engine);
    const db = await openDatabase(url);
    const org = await collectionOrganization(db);
    await customerWithInvoices(db, org.id, 'C001', [['F-2025-0456', '2025-05-01', 1234_56]]);
    await customerWithInvoices(db, org.id, 'C002', [['F-2025-0457', '2025-05-01', 99_00]]);
    await db.close();
  });

  it('prints the planned actions as JSON on a dry run, with the reason and decimal amounts', () => {
    const { code, stdout, stderr } = relance('run', '--as-of', '2025-05-16', '--dry-run', '--json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    // Never contacted before: the first reminder, however late.
    const first = report.actions.find((a: { customer_reference: string; step_id: string }) => a.customer_reference === 'C001' && a.step_id === 'courteous-reminder');
    expect(first).toMatchObject({
      channel: 'email',
      status: 'planned',
      invoice_numbers: ['F-2025-0456'],
      balance: { amount: '1234.56', currency: 'EUR' },
      reason: { en: 'Invoice F-2025-0456 is 15 days overdue; scenario standard, step courteous reminder' },
    });
  });

  it('leaves a disputed invoice out of the run', () => {
    const opened = relance('dispute', 'open', '--customer', 'C002', '--invoice', 'F-2025-0457', '--reason', 'not_delivered');
    expect(opened.stderr).toBe('');
    expect(opened.stdout).toMatch(/opened on invoice F-2025-0457/);
    const { stdout } = relance('run', '--as-of', '2025-05-16', '--dry-run', '--json');
    const refs = new Set(JSON.parse(stdout).actions.map((a: { customer_reference: string }) => a.customer_reference));
    expect([...refs]).toEqual(['C001']);
  });

  it('writes once: a second run the same day has nothing to do', () => {
    const first = relance('run', '--as-of', '2025-05-16');
    expect(first.stderr).toBe('');
    expect(first.stdout).toContain('courteous-reminder');
    const second = relance('run', '--as-of', '2025-05-16');
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('nothing to do');
  });

  it('refuses an unknown dispute reason with the accepted list', () => {
    const { code, stderr } = relance('dispute', 'open', '--customer', 'C001', '--invoice', 'F-2025-0456', '--reason', 'late');
    expect(code).toBe(2);
    expect(stderr).toContain('reason must be one of invoice_error, not_delivered, not_as_agreed, price, other');
  });
});
