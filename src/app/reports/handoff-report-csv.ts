import { csvTable } from '../../core/csv-table.js';
import type { AgencyPortfolio } from './agency-portfolio.js';
import { handoffReportRows, type HandoffReport, type HandoffReportGroup } from './handoff-report.js';

/** The languages the report files are written in: the web app's. */
export const REPORT_LANGUAGES = ['en', 'fr'] as const;
export type ReportLanguage = (typeof REPORT_LANGUAGES)[number];

/** The language of a file when none is asked: the organization's, else English. */
export function reportLanguageOf(locale: string | null | undefined): ReportLanguage {
  return (locale ?? '').toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

const GROUP_COLUMN: Record<HandoffReportGroup, Record<ReportLanguage, string>> = {
  partner: { en: 'Partner', fr: 'Partenaire' },
  age: { en: 'Age at hand-off', fr: 'Retard à la transmission' },
  step: { en: 'Handed by', fr: 'Transmis par' },
};

const FIGURE_COLUMNS: Record<ReportLanguage, readonly string[]> = {
  en: ['Cases', 'Currency', 'Handed', 'Recovered', 'Recovery rate (%)', 'Fees'],
  fr: ['Dossiers', 'Devise', 'Transmis', 'Recouvré', 'Taux de recouvrement (%)', 'Honoraires'],
};

/**
 * One grouping of the hand-off report as a spreadsheet: one header row, a line per group and
 * the total, amounts as decimal strings exactly as the API gives them.
 */
export function handoffReportCsv(report: HandoffReport, group: HandoffReportGroup, language: ReportLanguage): string {
  const lines = [...handoffReportRows(report, group), report.totals].map((row) => [
    row.key,
    row.label[language],
    row.cases,
    report.currency,
    row.handed.amount,
    row.recovered.amount,
    row.recovery_rate_percent,
    row.fees.amount,
  ]);
  return csvTable([language === 'fr' ? 'Code' : 'Key', GROUP_COLUMN[group][language], ...FIGURE_COLUMNS[language]], lines);
}

const PORTFOLIO_COLUMNS: Record<ReportLanguage, readonly string[]> = {
  en: ['Creditor', 'Live cases', 'Closed cases', 'Currency', 'Handed', 'Recovered', 'Outstanding on live cases', 'Recovery rate (%)', 'Fees'],
  fr: ['Créancier', 'Dossiers en cours', 'Dossiers clos', 'Devise', 'Transmis', 'Recouvré', 'Reste dû sur les dossiers en cours', 'Taux de recouvrement (%)', 'Honoraires'],
};

/** The agency's portfolio as a spreadsheet: a line per creditor and currency. */
export function agencyPortfolioCsv(portfolio: AgencyPortfolio, language: ReportLanguage): string {
  return csvTable(
    PORTFOLIO_COLUMNS[language],
    portfolio.items.map((item) => [
      item.creditor.name,
      item.live_cases,
      item.closed_cases,
      item.handed.currency,
      item.handed.amount,
      item.recovered.amount,
      item.outstanding.amount,
      item.recovery_rate_percent,
      item.fees.amount,
    ]),
  );
}
