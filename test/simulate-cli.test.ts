import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/adapters/db/database.js';
import { nodeArgsFor } from './support/built-entries.js';
import { collectionOrganization, customerWithInvoices } from './support/collection-ledger.js';
import { ENGINES, freshDatabaseUrl } from './support/engines.js';

function relance(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [...nodeArgsFor('relance'), ...args], { env: { ...process.env, SMTP_URL: '', SMS_PROVIDER_URL: '', RELANCE_ORG: '', ...env }, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** Every row of every table, in a stable order: what "the database was not written" means on a server. */
async function snapshot(url: string): Promise<string> {
  const db = await openDatabase(url, { migrate: false });
  try {
    const tables = db.engine === 'sqlite'
      ? (await sql<{ name: string }>`select name from sqlite_master where type = 'table' order by name`.execute(db.kysely)).rows
      : (await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public' order by table_name`.execute(db.kysely)).rows;
    const out: Record<string, string[]> = {};
    for (const { name } of tables) {
      const rows = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(db.kysely);
      out[name] = rows.rows.map((row) => JSON.stringify(row)).sort();
    }
    return JSON.stringify(out);
  } finally {
    await db.close();
  }
}

const KEYS = [
  'days',
  'customers',
  'overdue_invoices',
  'messages_sent',
  'messages_per_customer_month',
  'same_day_double_contacts',
  'reminders_after_payment',
  'human_tasks',
  'human_tasks_per_100_overdue',
  'pre_due_reach',
  'first_contacts',
  'formal_notices',
  'handoffs',
  'cash_collected',
  'dso',
];

describe.each(ENGINES)('relance simulate on %s', (engine) => {
  let url: string;
  const outboxDir = mkdtempSync(join(tmpdir(), 'relance-simulate-outbox-'));
  const env = () => ({ DATABASE_URL: url, OUTBOX_DIR: outboxDir });

  beforeAll(async () => {
    url = await freshDatabaseUrl(engine);
    const loaded = await relance(['demo', '--customers', '12', '--invoices', '150', '--seed', '3', '--as-of', '2026-03-01'], env());
    expect(loaded.stderr).toBe('');
  }, 60_000);

  it('replays 90 days on a copy: the figures are there, cash comes in, the same seed gives the same figures, the database is untouched', async () => {
    const before = await snapshot(url);
    const fileBefore = engine === 'sqlite' ? createHash('sha256').update(readFileSync(url.slice('sqlite:'.length))).digest('hex') : null;
    const args = ['simulate', '--days', '90', '--from', '2026-03-02', '--seed', '7', '--json'];
    const [first, second] = [await relance(args, env()), await relance(args, env())];
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const report = JSON.parse(first.stdout);
    for (const key of KEYS) expect(report).toHaveProperty(key);
    expect(report.days).toBe(90);
    expect(report.customers).toBe(12);
    expect(Object.keys(report.messages_per_customer_month).sort()).toEqual(['max', 'mean']);
    expect(Object.keys(report.dso).sort()).toEqual(['end', 'start']);
    expect(report.messages_sent).toBeGreaterThan(0);
    const cash = report.cash_collected.reduce((sum: number, week: { amount: string }) => sum + Number(week.amount), 0);
    expect(cash).toBeGreaterThan(0);
    expect(report.cash_collected[0]).toMatchObject({ week_start: '2026-03-02', currency: 'EUR' });
    expect(report.reminders_after_payment).toBe(0);
    expect(second.stderr).toBe('');
    expect(second.stdout).toBe(first.stdout);

    expect(await snapshot(url)).toBe(before);
    if (fileBefore !== null) expect(createHash('sha256').update(readFileSync(url.slice('sqlite:'.length))).digest('hex')).toBe(fileBefore);
  }, 240_000);

  it('sets the scenario asked for on every customer of the copy, and prints a summary without --json', async () => {
    const run = await relance(['simulate', '--days', '10', '--from', '2026-03-02', '--scenario', 'high-risk'], env());
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('scenario high-risk for every customer');
    expect(run.stdout).toContain('Nothing was written to the database');
    expect(run.stdout).toMatch(/cash collected per week:\n {4}2026-03-02/);
    const unknown = await relance(['simulate', '--days', '10', '--scenario', 'nope'], env());
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no scenario "nope"');
  }, 120_000);
});

describe.each(ENGINES)('a run for a past day, replayed by hand, on %s', (engine) => {
  let url: string;
  const outboxDir = mkdtempSync(join(tmpdir(), 'relance-replay-outbox-'));

  beforeAll(async () => {
    url = await freshDatabaseUrl(engine);
    const db = await openDatabase(url);
    const org = await collectionOrganization(db);
    await customerWithInvoices(db, org.id, 'C001', [['F-2025-0456', '2025-05-01', 1234_56]]);
    await db.close();
  });

  it("plans the messages for that day's business hours, and a sending pass as of that morning sends them", async () => {
    const env = { DATABASE_URL: url, OUTBOX_DIR: outboxDir };
    const run = await relance(['run', '--as-of', '2025-05-16'], env);
    expect(run.code).toBe(0);
    const db = await openDatabase(url);
    const queued = await db.kysely.selectFrom('outbox_messages').select(['not_before', 'status']).execute();
    await db.close();
    expect(queued.length).toBeGreaterThan(0);
    // 09:00 in Paris on Friday 16 May 2025.
    for (const row of queued) expect(row.not_before).toBe('2025-05-16T07:00:00.000Z');
    const early = await relance(['outbox', 'send', '--now', '2025-05-16T05:30:00Z'], env);
    expect(early.stdout).not.toMatch(/kept [1-9]/);
    const send = await relance(['outbox', 'send', '--now', '2025-05-16T07:30:00Z'], env);
    expect(send.stderr).toBe('');
    expect(send.stdout).toMatch(/kept [1-9]/);
  }, 60_000);
});
