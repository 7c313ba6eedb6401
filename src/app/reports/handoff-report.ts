import { AppError } from '../../core/app-error.js';
import { percentFromBp, recoveryRateBp } from '../../core/mandates/mandate-terms.js';
import { toMoneyJson, type MoneyJson } from '../../core/money.js';
import type { PlainDate } from '../../core/plain-date.js';
import type { Bilingual } from '../../core/scenarios/scenario.js';
import type { Db } from '../../adapters/db/database.js';
import type { MandateRow } from '../../adapters/db/mandate-schema.js';
import { listCreditorMandates } from '../../adapters/db/stores/mandates.js';
import { mandateFigures, type MandateFigures } from '../mandates/mandate-figures.js';
import { listOrganizationScenarios } from '../templates/find-template-channels.js';

/** One line of a hand-off report: a group of handed cases and what they brought in. */
export interface HandoffReportRow {
  key: string;
  label: Bilingual;
  cases: number;
  handed: MoneyJson;
  recovered: MoneyJson;
  /** Recovered over handed for the whole group, "37.5" for 37.5 %. */
  recovery_rate_percent: string;
  fees: MoneyJson;
}

export interface HandoffReport {
  /** Every amount of the report is in this currency: the organization's unless another was asked. */
  currency: string;
  /** The period the cases were handed in; null ends are open. */
  from: PlainDate | null;
  to: PlainDate | null;
  /** The day the figures are counted to: payments received after it are not in them. */
  as_of: PlainDate;
  by_partner: HandoffReportRow[];
  by_age: HandoffReportRow[];
  by_step: HandoffReportRow[];
  totals: HandoffReportRow;
  /** Currencies of cases handed in the period but left out, since amounts are never converted. */
  other_currencies: string[];
}

export const HANDOFF_REPORT_GROUPS = ['partner', 'age', 'step'] as const;
export type HandoffReportGroup = (typeof HANDOFF_REPORT_GROUPS)[number];

export interface HandoffReportOptions {
  currency: string;
  from?: PlainDate | undefined;
  to?: PlainDate | undefined;
  today: PlainDate;
  /** A sales user's own accounts only. */
  ownerUserId?: string | undefined;
}

/**
 * How far the debt had gone when the case was handed: the days past due of the oldest overdue
 * invoice that day. The bands follow the practice: a case handed in its first two months is
 * early, one handed after a year is hard to recover whoever works it.
 */
export const HANDOFF_AGE_BANDS: readonly { key: string; upTo: number | null; label: Bilingual }[] = [
  { key: 'd0_60', upTo: 60, label: { en: 'Up to 60 days late', fr: 'Jusqu’à 60 jours de retard' } },
  { key: 'd61_90', upTo: 90, label: { en: '61 to 90 days late', fr: '61 à 90 jours de retard' } },
  { key: 'd91_180', upTo: 180, label: { en: '91 to 180 days late', fr: '91 à 180 jours de retard' } },
  { key: 'd181_365', upTo: 365, label: { en: '181 to 365 days late', fr: '181 à 365 jours de retard' } },
  { key: 'over_365', upTo: null, label: { en: 'More than 365 days late', fr: 'Plus de 365 jours de retard' } },
];

const BY_HAND: Bilingual = { en: 'Handed by a person', fr: 'Transmis par une personne' };

interface FiguredMandate {
  mandate: MandateRow;
  figures: MandateFigures;
}

/**
 * The creditor's hand-offs: cases handed in [from, to], grouped by partner, by how late the debt
 * was when handed and by the scenario step that handed it, with what each group brought in and
 * cost. Every figure is a sum of `mandateFigures`, the one that the mandate's own page shows.
 */
export async function getHandoffReport(db: Db, organizationId: string, options: HandoffReportOptions): Promise<HandoffReport> {
  if (options.from !== undefined && options.to !== undefined && options.from > options.to) {
    throw new AppError('validation_failed', `the period starts on ${options.from}, after its last day ${options.to}`, { field: 'to' });
  }
  const inPeriod = (await listCreditorMandates(db, organizationId)).filter(
    (mandate) => (options.from === undefined || mandate.starts_on >= options.from) && (options.to === undefined || mandate.starts_on <= options.to),
  );
  const owned = options.ownerUserId === undefined ? inPeriod : await ofOwner(db, organizationId, options.ownerUserId, inPeriod);
  const counted = owned.filter((mandate) => mandate.currency === options.currency);
  const figured = await withFigures(db, counted, options.today);
  const stepNames = await scenarioStepNames(db, organizationId);
  const { currency } = options;

  const byPartner = groupRows(figured, currency, ({ mandate }) =>
    mandate.agency_organization_id !== null
      ? { key: `agency:${mandate.agency_organization_id}`, label: { en: mandate.partner_name, fr: mandate.partner_name } }
      : {
          key: `outside:${(mandate.partner_email ?? mandate.partner_name).toLowerCase()}`,
          label: { en: `${mandate.partner_name} (outside partner)`, fr: `${mandate.partner_name} (partenaire externe)` },
        },
  ).sort((a, b) => b.handedMinor - a.handedMinor || a.label.en.localeCompare(b.label.en));
  const byAge = HANDOFF_AGE_BANDS.map((band) =>
    rowOf(band.key, band.label, figured.filter(({ mandate }) => ageBandOf(mandate.overdue_days_at_handoff) === band.key), currency),
  );
  const byStep = groupRows(figured, currency, ({ mandate }) =>
    mandate.step_id === null
      ? { key: 'by_hand', label: BY_HAND }
      : { key: `step:${mandate.step_id}`, label: stepNames.get(mandate.step_id) ?? { en: `Step “${mandate.step_id}”`, fr: `Étape « ${mandate.step_id} »` } },
  ).sort((a, b) => (a.key === 'by_hand' ? 1 : 0) - (b.key === 'by_hand' ? 1 : 0) || a.label.en.localeCompare(b.label.en));

  return {
    currency,
    from: options.from ?? null,
    to: options.to ?? null,
    as_of: options.today,
    by_partner: byPartner.map(({ row }) => row),
    by_age: byAge,
    by_step: byStep.map(({ row }) => row),
    totals: rowOf('total', { en: 'All hand-offs', fr: 'Toutes les transmissions' }, figured, currency),
    other_currencies: [...new Set(owned.map((mandate) => mandate.currency).filter((code) => code !== currency))].sort(),
  };
}

/** The band key of a case handed `days` days past due; a case handed before it was late counts in the first band. */
export function ageBandOf(days: number): string {
  return (HANDOFF_AGE_BANDS.find((band) => band.upTo === null || days <= band.upTo) ?? HANDOFF_AGE_BANDS[HANDOFF_AGE_BANDS.length - 1]!).key;
}

/** The rows of one grouping of the report, as a spreadsheet would hold them. */
export function handoffReportRows(report: HandoffReport, group: HandoffReportGroup): HandoffReportRow[] {
  return group === 'partner' ? report.by_partner : group === 'age' ? report.by_age : report.by_step;
}

/** Each mandate with its figures, counted to `today`. */
export async function withFigures(db: Db, mandates: readonly MandateRow[], today: PlainDate): Promise<FiguredMandate[]> {
  const figured: FiguredMandate[] = [];
  for (const mandate of mandates) figured.push({ mandate, figures: await mandateFigures(db, mandate, today) });
  return figured;
}

/** Handed, recovered, outstanding and fees of several cases, added up; the rate is the group's, not an average of rates. */
export function sumFigures(figured: readonly FiguredMandate[]): { handedMinor: number; recoveredMinor: number; outstandingMinor: number; feeMinor: number; rate: string } {
  let handedMinor = 0;
  let recoveredMinor = 0;
  let outstandingMinor = 0;
  let feeMinor = 0;
  for (const { figures } of figured) {
    handedMinor += figures.handedMinor;
    recoveredMinor += figures.recoveredMinor;
    outstandingMinor += figures.outstandingMinor;
    feeMinor += figures.feeMinor;
  }
  return { handedMinor, recoveredMinor, outstandingMinor, feeMinor, rate: percentFromBp(recoveryRateBp(recoveredMinor, handedMinor)) };
}

function rowOf(key: string, label: Bilingual, figured: readonly FiguredMandate[], currency: string): HandoffReportRow {
  const sum = sumFigures(figured);
  return {
    key,
    label,
    cases: figured.length,
    handed: toMoneyJson(sum.handedMinor, currency),
    recovered: toMoneyJson(sum.recoveredMinor, currency),
    recovery_rate_percent: sum.rate,
    fees: toMoneyJson(sum.feeMinor, currency),
  };
}

function groupRows(
  figured: readonly FiguredMandate[],
  currency: string,
  groupOf: (item: FiguredMandate) => { key: string; label: Bilingual },
): { row: HandoffReportRow; handedMinor: number; key: string; label: Bilingual }[] {
  const groups = new Map<string, { label: Bilingual; items: FiguredMandate[] }>();
  for (const item of figured) {
    const { key, label } = groupOf(item);
    const group = groups.get(key) ?? { label, items: [] };
    group.items.push(item);
    groups.set(key, group);
  }
  return [...groups].map(([key, { label, items }]) => ({ key, label, handedMinor: sumFigures(items).handedMinor, row: rowOf(key, label, items, currency) }));
}

/** The step names of the organization's scenarios, by step id (a step id names the same step in every scenario). */
async function scenarioStepNames(db: Db, organizationId: string): Promise<Map<string, Bilingual>> {
  const names = new Map<string, Bilingual>();
  for (const scenario of await listOrganizationScenarios(db, organizationId)) {
    for (const step of scenario.steps) if (!names.has(step.id)) names.set(step.id, step.name);
  }
  return names;
}

async function ofOwner(db: Db, organizationId: string, ownerUserId: string, mandates: readonly MandateRow[]): Promise<MandateRow[]> {
  const owned = await db.kysely.selectFrom('customers').select('id').where('organization_id', '=', organizationId).where('owner_user_id', '=', ownerUserId).execute();
  const ids = new Set(owned.map((customer) => customer.id));
  return mandates.filter((mandate) => ids.has(mandate.customer_id));
}
