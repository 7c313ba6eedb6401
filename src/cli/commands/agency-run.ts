import type { AgencyRunReport } from '../../app/agency/agency-run.js';
import { runAgencyCollection } from '../../app/agency/agency-run.js';
import type { Db } from '../../adapters/db/database.js';
import type { OrganizationRow } from '../../adapters/db/schema.js';
import { todayIn } from '../../core/plain-date.js';
import { publicUrlFrom } from '../../http/origin-check.js';
import { parseCliDate } from '../options.js';

const STATUS_WORDS: Record<AgencyRunReport['lines'][number]['status'], string> = {
  queued: 'queued',
  would_queue: 'would go',
  skipped: 'skipped',
  waiting: 'waiting',
  done: 'done',
};

function printText(report: AgencyRunReport): void {
  const lines = [`Agency run for ${report.as_of}${report.dry_run ? ' (dry run: nothing written)' : ''}`];
  for (const line of report.lines) {
    lines.push(`  ${line.creditor.name.padEnd(20)} ${line.customer.external_ref.padEnd(10)} ${(line.step ?? '').padEnd(13)} ${STATUS_WORDS[line.status].padEnd(9)} ${line.reason.en}`);
    if (line.subject) lines.push(`  ${''.padEnd(20)} ${''.padEnd(10)} ${line.subject}`);
  }
  const sending = report.sending ? `; sent ${report.sending.sent + report.sending.kept}, cancelled ${report.sending.cancelled}, failed ${report.sending.failed}` : '';
  const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  lines.push(`${count(report.cases, 'live case', 'live cases')}, ${count(report.queued, 'letter', 'letters')} queued${sending}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** `relance run --org AGENCY`: the agency's own scenario over every case it holds. */
export async function runAgencyFromCli(db: Db, agency: OrganizationRow, opts: { asOf?: string; dryRun?: boolean; json?: boolean }): Promise<void> {
  const now = new Date();
  const asOf = opts.asOf !== undefined ? parseCliDate(opts.asOf, '--as-of') : todayIn(agency.time_zone, now);
  const report = await runAgencyCollection(db, agency, asOf, now, { dryRun: opts.dryRun === true, portalBase: publicUrlFrom(process.env.PUBLIC_URL) });
  if (opts.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else printText(report);
}
