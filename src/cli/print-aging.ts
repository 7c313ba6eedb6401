import type { AgingReport } from '../app/get-aging-report.js';

/** Human-readable aging table for the terminal; `--json` is the machine form. */
export function printAgingTable(report: AgingReport): void {
  const out = process.stdout;
  out.write(`${report.organization.name} — aging as of ${report.as_of} (${report.currency})\n`);
  const header = ['reference', 'name', 'balance', 'not due', '1-30', '31-60', '61-90', '>90', 'credit'];
  const rows = report.customers.map((c) => [
    c.reference,
    c.name.length > 30 ? `${c.name.slice(0, 29)}…` : c.name,
    c.balance.amount,
    c.buckets.not_due.amount,
    c.buckets.d1_30.amount,
    c.buckets.d31_60.amount,
    c.buckets.d61_90.amount,
    c.buckets.over_90.amount,
    c.unapplied_credit.amount,
  ]);
  rows.push([
    'TOTAL',
    '',
    report.balance.amount,
    report.buckets.not_due.amount,
    report.buckets.d1_30.amount,
    report.buckets.d31_60.amount,
    report.buckets.d61_90.amount,
    report.buckets.over_90.amount,
    report.unapplied_credit.amount,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]) => r.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  out.write(`${fmt(header)}\n`);
  for (const r of rows) out.write(`${fmt(r)}\n`);
  out.write('balance = open invoices (by age) − credit (payments and credit notes not yet set against an invoice)\n');
  out.write(`DSO: ${report.dso_days ?? 'n/a'} days\n`);
}
