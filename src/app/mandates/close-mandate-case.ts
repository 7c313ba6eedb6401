import { AppError } from '../../core/app-error.js';
import { todayIn, type PlainDate } from '../../core/plain-date.js';
import type { Bilingual } from '../../core/scenarios/scenario.js';
import { formatDateForLanguage } from '../../core/templates/format-for-language.js';
import type { Db } from '../../adapters/db/database.js';
import type { MandateRow } from '../../adapters/db/mandate-schema.js';
import type { OrganizationRow } from '../../adapters/db/schema.js';
import { addTimelineEvent } from '../../adapters/db/stores/collection-timeline.js';
import { inTransaction } from '../../adapters/db/stores/in-transaction.js';
import { closeMandate, getCreditorMandate, listLapsedMandates } from '../../adapters/db/stores/mandates.js';
import { getOrganization } from '../../adapters/db/stores/organizations.js';
import { requireVisibleCustomer, type Caller } from '../auth/caller.js';

type Closing = 'ended' | 'taken_back';

const SUMMARIES: Record<Closing | 'lapsed', (partner: string, on: PlainDate) => Bilingual> = {
  taken_back: (partner) => ({
    en: `Case taken back from ${partner}: the creditor's own collection resumes where it stood`,
    fr: `Dossier repris à ${partner} : les relances du créancier reprennent là où elles en étaient`,
  }),
  ended: (partner) => ({
    en: `Mandate of ${partner} ended: the creditor's own collection resumes where it stood`,
    fr: `Mandat de ${partner} terminé : les relances du créancier reprennent là où elles en étaient`,
  }),
  lapsed: (partner, on) => ({
    en: `Mandate of ${partner} ended on ${formatDateForLanguage(on, 'en')}, its last day: the creditor's own collection resumes`,
    fr: `Mandat de ${partner} arrivé à son terme le ${formatDateForLanguage(on, 'fr')} : les relances du créancier reprennent`,
  }),
};

/** Closes one active mandate with its timeline event, in one transaction; false when it was no longer active. */
async function closeWithEvent(db: Db, mandate: MandateRow, status: Closing, closedOn: PlainDate, closedBy: string | null, summary: Bilingual): Promise<boolean> {
  return inTransaction(db, async (tx) => {
    if (!(await closeMandate(tx, mandate.organization_id, mandate.id, { status, closedOn, closedBy }))) return false;
    await addTimelineEvent(tx, mandate.organization_id, { customerId: mandate.customer_id, occurredOn: closedOn, kind: status === 'taken_back' ? 'mandate_taken_back' : 'mandate_ended', summary, subjectId: mandate.id, mandateId: mandate.id });
    return true;
  });
}

async function closeByCaller(db: Db, caller: Caller, mandateId: string, now: Date, status: Closing): Promise<MandateRow> {
  const mandate = await getCreditorMandate(db, caller.organizationId, mandateId);
  if (!mandate) throw new AppError('not_found', `mandate ${mandateId} does not exist`, { field: 'id' });
  // A sales user acts on their own accounts only; another's mandate is not disclosed.
  await requireVisibleCustomer(db, caller, mandate.customer_id);
  const organization = (await getOrganization(db, caller.organizationId)) as OrganizationRow;
  const today = todayIn(organization.time_zone, now);
  const closed = await closeWithEvent(db, mandate, status, today, caller.userId, SUMMARIES[status](mandate.partner_name, today));
  if (!closed) {
    const words = mandate.status === 'taken_back' ? 'was already taken back' : 'has already ended';
    throw new AppError('conflict', `this mandate ${words}: there is nothing to close`, { field: 'id' });
  }
  return (await getCreditorMandate(db, caller.organizationId, mandateId))!;
}

/**
 * The creditor takes its case back, at any time: the partner loses access at once (its open
 * tasks on the case are cancelled) and the creditor's next run plans the next step of the open case.
 */
export function takeBackCase(db: Db, caller: Caller, mandateId: string, now: Date): Promise<MandateRow> {
  return closeByCaller(db, caller, mandateId, now, 'taken_back');
}

/** Ends a mandate before its term (the work is done, or the partner gives it up); collection resumes the same way. */
export function endMandate(db: Db, caller: Caller, mandateId: string, now: Date): Promise<MandateRow> {
  return closeByCaller(db, caller, mandateId, now, 'ended');
}

/**
 * Mandates past their last day are closed as ended, each with its timeline event, so the
 * creditor's scenario resumes by itself. The run calls it before planning; returns how many.
 */
export async function endLapsedMandates(db: Db, organization: OrganizationRow, today: PlainDate): Promise<number> {
  let ended = 0;
  for (const mandate of await listLapsedMandates(db, organization.id, today)) {
    // Closed on its last day: what came in after it is not the partner's.
    const lastDay = mandate.ends_on as PlainDate;
    if (await closeWithEvent(db, mandate, 'ended', lastDay, null, SUMMARIES.lapsed(mandate.partner_name, lastDay))) ended += 1;
  }
  return ended;
}
