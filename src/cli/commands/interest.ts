import type { Command } from 'commander';
import { AppError } from '../../core/app-error.js';
import { isLateInterestLaw } from '../../core/late-fees-policy.js';
import type { LateInterestLaw, RateTable } from '../../core/late-interest.js';
import { STATUTORY_RATES } from '../../core/law/statutory-rates.js';
import { isCurrency, parseDecimalToMinor } from '../../core/money.js';
import { listOrganizations } from '../../adapters/db/stores/organizations.js';
import { getLateFeePolicy } from '../../adapters/db/stores/late-fee-policies.js';
import { computeLateFees, type LateFeeComputationJson } from '../../app/compute-late-fees.js';
import { getRateTable } from '../../app/get-late-payment-rates.js';
import { openCliDatabase, resolveOrganization } from '../context.js';
import { parseCliDate } from '../options.js';

interface InterestOptions {
  law?: string;
  amount: string;
  currency: string;
  due: string;
  paid: string;
  json?: boolean;
  org?: string;
}

/**
 * The organization's rates (built-in plus added) and its policy's law; a database that holds
 * no organization yet computes with the built-in table, so the command works before any set-up.
 */
async function rateTableFor(wantedLaw: LateInterestLaw | undefined, org: string | undefined): Promise<{ law: LateInterestLaw; table: RateTable }> {
  const db = await openCliDatabase();
  try {
    if (org === undefined && !process.env.RELANCE_ORG && (await listOrganizations(db)).length === 0) {
      if (!wantedLaw) throw new AppError('validation_failed', '--law is needed: fr, be, de or eu', { field: '--law' });
      return { law: wantedLaw, table: STATUTORY_RATES[wantedLaw] };
    }
    const organization = await resolveOrganization(db, org);
    const law = wantedLaw ?? (await getLateFeePolicy(db, organization)).policy.law;
    return { law, table: await getRateTable(db, organization.id, law) };
  } finally {
    await db.close();
  }
}

function printComputation(r: LateFeeComputationJson): void {
  const out: string[] = [];
  out.push(`Late interest under ${r.law}: ${r.law_text}`);
  out.push(`${r.amount} ${r.currency}, due ${r.due}, paid ${r.paid}: ${r.days_late} day${r.days_late === 1 ? '' : 's'} late`);
  if (r.periods.length > 0) {
    const rows = [['from', 'to', 'days', 'rate %', 'interest'], ...r.periods.map((p) => [p.from, p.to, String(p.days), p.rate, p.interest])];
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
    out.push('');
    for (const row of rows) out.push(row.map((cell, i) => (i >= 2 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  '));
  }
  const label = (text: string, value: string) => `${text.padEnd(10)}${value.padStart(Math.max(r.total.length, r.interest.length) + 1)} ${r.currency}`;
  out.push('', label('Interest', r.interest), label('Indemnity', r.indemnity), label('Total', r.total));
  out.push('', `Rule: ${r.rule}`, `Sources: ${r.sources.join('; ')}`);
  process.stdout.write(`${out.join('\n')}\n`);
}

export function registerInterest(program: Command): void {
  program
    .command('interest')
    .description('statutory late interest and the fixed recovery indemnity on one amount paid late')
    .option('--law <law>', "fr, be, de or eu (default: the organization's late-fee policy)")
    .requiredOption('--amount <amount>', 'the unpaid amount, e.g. 10000.00')
    .option('--currency <code>', 'ISO 4217 currency of the amount', 'EUR')
    .requiredOption('--due <date>', 'due date (YYYY-MM-DD); interest runs from the day after')
    .requiredOption('--paid <date>', 'payment date (YYYY-MM-DD), counted as a late day')
    .option('--json', 'print JSON, amounts as decimal strings')
    .option('--org <name>', 'organization (id or name) whose added rates to use, when the database holds several')
    .action(async (opts: InterestOptions) => {
      const law = opts.law?.trim().toLowerCase();
      if (law !== undefined && !isLateInterestLaw(law)) throw new AppError('validation_failed', `--law must be fr, be, de or eu, got "${opts.law}"`, { field: '--law' });
      const currency = opts.currency.trim().toUpperCase();
      if (!isCurrency(currency)) throw new AppError('validation_failed', `--currency takes a current ISO 4217 currency code such as EUR, got "${opts.currency}"`, { field: '--currency' });
      const amountMinor = parseDecimalToMinor(opts.amount, currency);
      if (amountMinor === null || amountMinor < 0) {
        throw new AppError('validation_failed', `--amount takes a positive amount such as 1234.56, got "${opts.amount}"`, { field: '--amount' });
      }
      const due = parseCliDate(opts.due, '--due');
      const paid = parseCliDate(opts.paid, '--paid');
      const { law: usedLaw, table } = await rateTableFor(law, opts.org);
      const result = computeLateFees({ law: usedLaw, table, amountMinor, currency, due, paid }, '--paid');
      if (opts.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else printComputation(result);
    });
}
