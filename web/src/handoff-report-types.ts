/**
 * The hand-off reports as the web app reads them: the creditor's recovery by partner, by age at
 * hand-off and by step (`GET /api/reports/handoffs`), and the agency's portfolio per creditor
 * (`GET /api/agency/portfolio`). Amounts are decimal strings with their currency.
 */
import type { MoneyJson, PlainDate } from './api-types.js';

export interface HandoffReportRow {
  key: string;
  label: { en: string; fr: string };
  cases: number;
  handed: MoneyJson;
  recovered: MoneyJson;
  /** "26.67" for 26.67 %. */
  recovery_rate_percent: string;
  fees: MoneyJson;
}

export const HANDOFF_REPORT_GROUPS = ['partner', 'age', 'step'] as const;
export type HandoffReportGroup = (typeof HANDOFF_REPORT_GROUPS)[number];

export interface HandoffReport {
  currency: string;
  from: PlainDate | null;
  to: PlainDate | null;
  as_of: PlainDate;
  by_partner: HandoffReportRow[];
  by_age: HandoffReportRow[];
  by_step: HandoffReportRow[];
  totals: HandoffReportRow;
  other_currencies: string[];
}

export interface AgencyPortfolioLine {
  creditor: { id: string; name: string };
  live_cases: number;
  closed_cases: number;
  handed: MoneyJson;
  recovered: MoneyJson;
  outstanding: MoneyJson;
  fees: MoneyJson;
  recovery_rate_percent: string;
}

export interface AgencyPortfolio {
  as_of: PlainDate;
  items: AgencyPortfolioLine[];
}
