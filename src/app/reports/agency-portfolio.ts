import { toMoneyJson, type MoneyJson } from '../../core/money.js';
import type { PlainDate } from '../../core/plain-date.js';
import type { Db } from '../../adapters/db/database.js';
import { listAgencyMandates } from '../../adapters/db/stores/mandates.js';
import { getOrganization } from '../../adapters/db/stores/organizations.js';
import { sumFigures, withFigures } from './handoff-report.js';

/** What an agency holds, and held, for one creditor in one currency. */
export interface AgencyPortfolioLine {
  creditor: { id: string; name: string };
  /** Cases the agency works today. */
  live_cases: number;
  /** Cases ended, taken back or past their last day: their figures stay, the case is no longer open to the agency. */
  closed_cases: number;
  handed: MoneyJson;
  recovered: MoneyJson;
  /** Still owed on the live cases only: a closed case is no longer the agency's to collect. */
  outstanding: MoneyJson;
  fees: MoneyJson;
  recovery_rate_percent: string;
}

export interface AgencyPortfolio {
  as_of: PlainDate;
  items: AgencyPortfolioLine[];
}

/**
 * An agency's portfolio, one line per creditor (and per currency, since amounts are never
 * converted): from the mandates given to this agency only, each figure a sum of the same
 * `mandateFigures` the creditor sees. Names the creditor and nothing of its customers.
 */
export async function getAgencyPortfolio(db: Db, agencyOrganizationId: string, today: PlainDate): Promise<AgencyPortfolio> {
  const figured = await withFigures(db, await listAgencyMandates(db, agencyOrganizationId), today);
  const groups = new Map<string, typeof figured>();
  for (const item of figured) {
    const key = `${item.mandate.organization_id}|${item.mandate.currency}`;
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  const items: AgencyPortfolioLine[] = [];
  for (const group of groups.values()) {
    const { organization_id: creditorId, currency } = group[0]!.mandate;
    const creditor = await getOrganization(db, creditorId);
    const live = group.filter(({ figures }) => figures.live);
    const closed = group.filter(({ mandate, figures }) => !figures.live && (mandate.status !== 'active' || (mandate.ends_on !== null && mandate.ends_on < today)));
    const sum = sumFigures(group);
    items.push({
      creditor: { id: creditorId, name: creditor?.name ?? '' },
      live_cases: live.length,
      closed_cases: closed.length,
      handed: toMoneyJson(sum.handedMinor, currency),
      recovered: toMoneyJson(sum.recoveredMinor, currency),
      outstanding: toMoneyJson(sumFigures(live).outstandingMinor, currency),
      fees: toMoneyJson(sum.feeMinor, currency),
      recovery_rate_percent: sum.rate,
    });
  }
  items.sort((a, b) => a.creditor.name.localeCompare(b.creditor.name) || a.handed.currency.localeCompare(b.handed.currency));
  return { as_of: today, items };
}
