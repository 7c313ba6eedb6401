import type { Command } from 'commander';
import { AppError } from '../../core/app-error.js';
import { todayIn } from '../../core/plain-date.js';
import { requireAgencyOrganization } from '../../app/mandates/agency-case-access.js';
import { getAgencyPortfolio } from '../../app/reports/agency-portfolio.js';
import { agencyPortfolioCsv, handoffReportCsv, REPORT_LANGUAGES, reportLanguageOf, type ReportLanguage } from '../../app/reports/handoff-report-csv.js';
import { getHandoffReport, HANDOFF_REPORT_GROUPS, handoffReportRows, type HandoffReportGroup } from '../../app/reports/handoff-report.js';
import { withContext } from '../context.js';
import { parseCliDate } from '../options.js';

function oneOf<T extends string>(values: readonly T[], text: string, option: string): T {
  if (!(values as readonly string[]).includes(text)) throw new AppError('validation_failed', `${option} takes one of ${values.join(', ')}, got "${text}"`, { field: option });
  return text as T;
}

/** Columns padded for a terminal: the first left-aligned, the figures right-aligned. */
function alignedTable(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows.map((row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd()).join('\n');
}

const TITLES: Record<HandoffReportGroup, string> = { partner: 'By partner', age: 'By age at hand-off', step: 'By step' };

/**
 * `relance report handoffs` (the creditor's recovery by partner, age and step) and
 * `relance report portfolio` (an agency's cases per creditor): the figures of the API and the
 * web app, as a table, JSON or the CSV file the web app downloads.
 */
export function registerHandoffReports(program: Command): void {
  const report = program.commands.find((command) => command.name() === 'report') ?? program.command('report').description('print a report');
  report
    .command('handoffs')
    .description('cases handed to agencies and outside partners: handed, recovered, rate and fees by partner, by age at hand-off and by step')
    .option('--from <date>', 'cases handed on or after this day (YYYY-MM-DD)')
    .option('--to <date>', 'cases handed on or before this day (YYYY-MM-DD)')
    .option('--currency <code>', "the report's currency, default the organization's")
    .option('--json', 'print JSON, amounts as decimal strings')
    .option('--csv <group>', `print one grouping as CSV: ${HANDOFF_REPORT_GROUPS.join(', ')}`)
    .option('--lang <language>', `language of the CSV: ${REPORT_LANGUAGES.join(', ')}, default the organization's`)
    .option('--org <name>', 'organization (id or name) when the database holds several')
    .action(async (opts: { from?: string; to?: string; currency?: string; json?: boolean; csv?: string; lang?: string; org?: string }) => {
      await withContext(opts.org, async ({ db, organization }) => {
        const result = await getHandoffReport(db, organization.id, {
          currency: opts.currency?.toUpperCase() ?? organization.currency,
          from: opts.from === undefined ? undefined : parseCliDate(opts.from, '--from'),
          to: opts.to === undefined ? undefined : parseCliDate(opts.to, '--to'),
          today: todayIn(organization.time_zone, new Date()),
        });
        const language: ReportLanguage = opts.lang === undefined ? reportLanguageOf(organization.locale) : oneOf(REPORT_LANGUAGES, opts.lang, '--lang');
        if (opts.csv !== undefined) return void process.stdout.write(handoffReportCsv(result, oneOf(HANDOFF_REPORT_GROUPS, opts.csv, '--csv'), language));
        if (opts.json) return void process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        const out = [`${organization.name} — hand-offs in ${result.currency}, figures as of ${result.as_of}`];
        for (const group of HANDOFF_REPORT_GROUPS) {
          const lines = [...handoffReportRows(result, group), result.totals].map((row) => [row.label.en, String(row.cases), row.handed.amount, row.recovered.amount, `${row.recovery_rate_percent}%`, row.fees.amount]);
          out.push('', alignedTable([[TITLES[group], 'cases', 'handed', 'recovered', 'rate', 'fees'], ...lines]));
        }
        if (result.other_currencies.length > 0) out.push('', `Cases in ${result.other_currencies.join(', ')} are left out: ask for them with --currency.`);
        process.stdout.write(`${out.join('\n')}\n`);
      });
    });

  report
    .command('portfolio')
    .description("an agency's portfolio per creditor: live and closed cases, handed, recovered, outstanding, fees and rate")
    .option('--json', 'print JSON, amounts as decimal strings')
    .option('--csv', 'print CSV')
    .option('--lang <language>', `language of the CSV: ${REPORT_LANGUAGES.join(', ')}, default the agency's`)
    .option('--org <name>', 'the agency (id or name) when the database holds several organizations')
    .action(async (opts: { json?: boolean; csv?: boolean; lang?: string; org?: string }) => {
      await withContext(opts.org, async ({ db, organization }) => {
        const agency = await requireAgencyOrganization(db, organization.id);
        const result = await getAgencyPortfolio(db, agency.id, todayIn(agency.time_zone, new Date()));
        const language: ReportLanguage = opts.lang === undefined ? reportLanguageOf(agency.locale) : oneOf(REPORT_LANGUAGES, opts.lang, '--lang');
        if (opts.csv) return void process.stdout.write(agencyPortfolioCsv(result, language));
        if (opts.json) return void process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        const lines = result.items.map((item) => [
          item.creditor.name, String(item.live_cases), String(item.closed_cases), `${item.handed.amount} ${item.handed.currency}`,
          item.recovered.amount, item.outstanding.amount, `${item.recovery_rate_percent}%`, item.fees.amount,
        ]);
        const table = alignedTable([['creditor', 'live', 'closed', 'handed', 'recovered', 'outstanding', 'rate', 'fees'], ...lines]);
        process.stdout.write(`${agency.name} — portfolio, figures as of ${result.as_of}\n${result.items.length === 0 ? 'No creditor has handed a case yet.' : table}\n`);
      });
    });
}
