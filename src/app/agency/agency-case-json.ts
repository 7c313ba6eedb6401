import type { MoneyJson } from '../../core/money.js';
import type { PlainDate } from '../../core/plain-date.js';
import type { Db } from '../../adapters/db/database.js';
import type { MandateActingAs } from '../../adapters/db/mandate-schema.js';
import type { AgencyCase } from '../mandates/agency-case-access.js';
import { mandateFigures } from '../mandates/mandate-figures.js';
import { mandateFiguresJson } from '../mandates/mandate-view.js';

/** One case as an agency sees it: whose it is, the terms, and what it amounts to so far. */
export interface AgencyCaseJson {
  /** The mandate's id: an agency addresses its cases by mandate. */
  id: string;
  creditor: { id: string; name: string };
  customer: { id: string; name: string; external_ref: string };
  acting_as: MandateActingAs;
  starts_on: string;
  ends_on: string | null;
  /** The fee on what is recovered, "15" or "12.5" (percent). */
  fee_percent: string;
  fee_fixed: MoneyJson;
  handed: MoneyJson;
  recovered: MoneyJson;
  outstanding: MoneyJson;
  /** The agency's fee on what was recovered so far, fixed fee included. */
  fee: MoneyJson;
  recovery_rate_percent: string;
}

/** The case's figures come from mandateFigures, the one source the creditor's view and the reports read too. */
export async function agencyCaseJson(db: Db, agencyCase: AgencyCase, today: PlainDate): Promise<AgencyCaseJson> {
  const { mandate, creditor, customer } = agencyCase;
  const figures = await mandateFigures(db, mandate, today);
  return {
    id: mandate.id,
    creditor: { id: creditor.id, name: creditor.name },
    customer: { id: customer.id, name: customer.name, external_ref: customer.external_ref },
    acting_as: mandate.acting_as,
    starts_on: mandate.starts_on,
    ends_on: mandate.ends_on,
    ...mandateFiguresJson(mandate, figures),
  };
}
