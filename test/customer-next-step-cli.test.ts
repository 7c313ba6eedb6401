import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/adapters/db/database.js';
import { collectionOrganization, customerWithInvoices } from './support/collection-ledger.js';
import { freshDatabaseUrl } from './support/engines.js';

const BIN = join(import.meta.dirname, '..', 'bin', 'relance.mjs');

// The use cases run on both engines in customer-next-step-api.test.ts; this checks the commands,
// each a process of its own, once.
describe('relance reminders and next-step', () => {
  let url: string;
  const outboxDir = mkdtempSync(join(tmpdir(), 'relance-next-step-outbox-'));
  const relance = (...args: string[]) => {
    const result = spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, DATABASE_URL: url, RELANCE_ORG: '', OUTBOX_DIR: outboxDir, SMTP_URL: '' }, encoding: 'utf8' });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  beforeAll(async () => {
    url = await freshDatabaseUrl('sqlite');
    const db = await openDatabase(url);
    const org = await collectionOrganization(db);
    await customerWithInvoices(db, org.id, 'C001', [['F-1', '2025-05-01', 1000_00], ['F-2', '2025-05-06', 500_00]]);
    await db.close();
  });

  it('leaves an invoice out of reminders: the preview lists only the other, and send-now queues it', () => {
    const excluded = relance('reminders', 'exclude', '--customer', 'C001', '--invoice', 'F-1', '--reason', 'Handled by phone');
    expect(excluded.stderr).toBe('');
    expect(excluded.stdout).toMatch(/^Invoice F-1 left out of reminders since \d{4}-\d{2}-\d{2}: Handled by phone/);

    const preview = relance('next-step', 'preview', '--customer', 'C001', '--json');
    expect(preview.stderr).toBe('');
    const body = JSON.parse(preview.stdout);
    expect(body.status).toBe('ready');
    expect(body.messages[0].text).toContain('F-2');
    expect(body.messages[0].text).not.toContain('F-1');

    const sent = relance('next-step', 'send-now', '--customer', 'C001');
    expect(sent.stderr).toBe('');
    expect(sent.stdout).toMatch(/^courteous-reminder \(email\): planned, leaves at /);
  }, 120_000);
});
