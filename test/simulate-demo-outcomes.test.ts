import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILT_IN_SCENARIOS } from '../src/core/scenarios/built-in.js';
import { isPreDueStep } from '../src/core/scenarios/scenario.js';
import { relanceCli } from './support/relance-cli.js';

/**
 * What a quarter of collection does to the demo's customers, replayed with the real run, the
 * real sending pass and customers paying as their history says: the promises Relance makes about
 * the relationship, measured. The figures are in docs/outcomes.md.
 */
describe('a 90-day replay of the demo ledger', () => {
  let report: {
    days: number;
    customers: number;
    overdue_invoices: number;
    messages_per_customer_month: { mean: number; max: number };
    same_day_double_contacts: number;
    reminders_after_payment: number;
    human_tasks_per_100_overdue: number;
    pre_due_reach: number;
    first_contacts: Record<string, number>;
    cash_collected: { amount: string; currency: string }[];
  };

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relance-demo-outcomes-'));
    const env = { DATABASE_URL: `sqlite:${join(dir, 'relance.db')}`, OUTBOX_DIR: join(dir, 'outbox') };
    const loaded = await relanceCli(['demo', '--as-of', '2026-12-04'], env);
    expect(loaded.code, loaded.stderr).toBe(0);
    const replay = await relanceCli(['simulate', '--days', '90', '--from', '2026-12-07', '--seed', '1', '--json'], env);
    expect(replay.code, replay.stderr).toBe(0);
    report = JSON.parse(replay.stdout);
  }, 600_000);

  it('replays the whole demo and money comes in', () => {
    expect(report.days).toBe(90);
    expect(report.customers).toBe(400);
    expect(report.overdue_invoices).toBeGreaterThan(300);
    const collected = report.cash_collected.reduce((sum, week) => sum + Number(week.amount), 0);
    expect(collected).toBeGreaterThan(0);
  });

  it('never reminds a customer for what is already paid, nor twice the same day', () => {
    expect(report.reminders_after_payment).toBe(0);
    expect(report.same_day_double_contacts).toBe(0);
  });

  it('writes at most twice a month to a customer on average', () => {
    expect(report.messages_per_customer_month.mean).toBeLessThanOrEqual(2);
  });

  it('leaves at most 20 tasks for people per 100 overdue invoices', () => {
    expect(report.human_tasks_per_100_overdue).toBeLessThanOrEqual(20);
  });

  it('opens with a pre-due word or the first reminder, never a later step, for customers already late', () => {
    const allowed = new Set(BUILT_IN_SCENARIOS.flatMap((scenario) => [...scenario.steps.filter(isPreDueStep).map((step) => step.id), scenario.steps.find((step) => !isPreDueStep(step))!.id]));
    expect(Object.keys(report.first_contacts).length).toBeGreaterThan(0);
    for (const step of Object.keys(report.first_contacts)) expect(allowed, step).toContain(step);
  });

  it('reminds at least 95 % of the invoices falling due before their due date', () => {
    expect(report.pre_due_reach).toBeGreaterThanOrEqual(0.95);
  });
});
