import { AppError } from '../../core/app-error.js';
import { daysOverdue } from '../../core/invoice-status.js';
import { percentFromBp } from '../../core/mandates/mandate-terms.js';
import { formatMoneyForPeople, moneyFromJson, toMoneyJson, type MoneyJson } from '../../core/money.js';
import { addDays, todayIn, type PlainDate } from '../../core/plain-date.js';
import type { Bilingual } from '../../core/scenarios/scenario.js';
import { formatDateForLanguage } from '../../core/templates/format-for-language.js';
import type { Db } from '../../adapters/db/database.js';
import { MANDATE_ACTING_AS, type MandateActingAs, type MandateRow } from '../../adapters/db/mandate-schema.js';
import type { CustomerRow, OrganizationRow } from '../../adapters/db/schema.js';
import type { HandoffPartner } from '../../adapters/db/stores/collection-settings.js';
import { insertTaskOnce } from '../../adapters/db/stores/collection-tasks.js';
import { addTimelineEvent } from '../../adapters/db/stores/collection-timeline.js';
import { inTransaction } from '../../adapters/db/stores/in-transaction.js';
import { activeMandateOfCustomer, insertMandate } from '../../adapters/db/stores/mandates.js';
import { listOpenInvoices } from '../../adapters/db/stores/open-items.js';
import { getOrganization } from '../../adapters/db/stores/organizations.js';
import { isUniqueViolation } from '../../adapters/db/stores/unique-violation.js';
import type { Caller } from '../auth/caller.js';
import { requireDate } from '../collection/pause-inputs.js';
import { buildCustomerDossier } from '../dossier/build-customer-dossier.js';
import { openAgencyTask } from './agency-tasks.js';
import { queueOutsidePartnerEmail } from './outside-partner-email.js';

/** What a person (or the hand-off step) says when handing a case: who takes it, and on what terms. */
export interface HandOffInput {
  /** An agency on this instance; exactly one of this and `partner_email`. */
  agency_organization_id?: string;
  partner_name?: string;
  /** An outside partner, sent the case file by email. */
  partner_email?: string;
  acting_as: MandateActingAs;
  /** The fee on what is recovered, as a percentage: "15" or "12.5". */
  fee_percent: string;
  fee_fixed?: MoneyJson;
  /** The mandate's last day; none: until ended or taken back. */
  ends_on?: string | null;
  note?: string | null;
}

/** Who hands the case: a person (the caller) or the scenario's hand-off step. */
export interface HandOffBy {
  userId: string | null;
  /** The step that handed the case; by default the last step the open case went through. */
  stepId?: string | null;
  /** The day of the hand-off, when it is not the clock's (the run's day). */
  on?: PlainDate;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** "15" or "12.5" → 1500 or 1250 basis points; at most two decimals, from 0 to 100. */
export function feePercentToBp(text: string, field = 'fee_percent'): number {
  const match = /^\s*(\d{1,3})(?:[.,](\d{1,2}))?\s*$/.exec(text);
  const bp = match ? Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0')) : Number.NaN;
  if (!match || bp > 10_000) throw new AppError('validation_failed', `${field} must be a percentage from 0 to 100 with at most two decimals, such as "15" or "12.5"; got "${text}"`, { field });
  return bp;
}

/** The partner the input names, checked: an agency organization on this instance, or an outside partner's address. */
async function partnerOf(db: Db, creditor: OrganizationRow, input: HandOffInput): Promise<{ agency: OrganizationRow | null; name: string; email: string | null }> {
  const agencyId = input.agency_organization_id?.trim() || undefined;
  const email = input.partner_email?.trim() || undefined;
  if ((agencyId === undefined) === (email === undefined)) {
    throw new AppError('validation_failed', 'name exactly one partner: agency_organization_id for an agency on Relance, or partner_email for an outside partner', { field: agencyId === undefined ? 'agency_organization_id' : 'partner_email' });
  }
  if (agencyId !== undefined) {
    const agency = await getOrganization(db, agencyId);
    if (!agency || agency.kind !== 'agency' || agency.id === creditor.id) {
      throw new AppError('not_found', `no collection agency ${agencyId} works on this instance`, { field: 'agency_organization_id' });
    }
    return { agency, name: agency.name, email: null };
  }
  if (!EMAIL.test(email!)) throw new AppError('validation_failed', `"${email}" is not an email address`, { field: 'partner_email' });
  const name = input.partner_name?.trim();
  if (!name) throw new AppError('validation_failed', 'partner_name must say who the outside partner is (an agency or a lawyer)', { field: 'partner_name' });
  return { agency: null, name, email: email! };
}

/** The terms in a sentence, for the timeline and the notice: "acting in Atelier's name, 15 % of what is recovered plus €50.00, until 30 June 2026". */
export function termsInWords(mandate: Pick<MandateRow, 'acting_as' | 'fee_percent_bp' | 'fee_fixed_minor' | 'currency' | 'ends_on' | 'partner_name'>, creditorName: string): Bilingual {
  const fixedEn = mandate.fee_fixed_minor > 0 ? ` plus ${formatMoneyForPeople(mandate.fee_fixed_minor, mandate.currency, 'en')}` : '';
  const fixedFr = mandate.fee_fixed_minor > 0 ? ` plus ${formatMoneyForPeople(mandate.fee_fixed_minor, mandate.currency, 'fr')}` : '';
  const nameEn = mandate.acting_as === 'creditor' ? `in the name of ${creditorName}` : `in the name of ${mandate.partner_name}`;
  const nameFr = mandate.acting_as === 'creditor' ? `au nom de ${creditorName}` : `au nom de ${mandate.partner_name}`;
  const untilEn = mandate.ends_on ? `, until ${formatDateForLanguage(mandate.ends_on as PlainDate, 'en')}` : ', until ended or taken back';
  const untilFr = mandate.ends_on ? `, jusqu'au ${formatDateForLanguage(mandate.ends_on as PlainDate, 'fr')}` : ", jusqu'à la fin du mandat ou la reprise du dossier";
  const percent = percentFromBp(mandate.fee_percent_bp);
  return {
    en: `acting ${nameEn}, fee ${percent} % of what is recovered${fixedEn}${untilEn}`,
    fr: `agissant ${nameFr}, honoraires de ${percent} % des sommes recouvrées${fixedFr}${untilFr}`,
  };
}

/** The step the open case stands at: the last one it went through, if any. */
async function lastStepOfOpenCase(db: Db, organizationId: string, customerId: string): Promise<string | null> {
  const row = await db.kysely
    .selectFrom('collection_actions as a')
    .innerJoin('collection_cases as c', (join) => join.onRef('c.id', '=', 'a.case_id').onRef('c.organization_id', '=', 'a.organization_id'))
    .select('a.step_id')
    .where('a.organization_id', '=', organizationId)
    .where('c.open_customer_id', '=', customerId)
    .where('a.status', 'in', ['sent', 'planned', 'skipped'])
    .orderBy('a.planned_on', 'desc')
    .orderBy('a.created_at', 'desc')
    .executeTakeFirst();
  return row?.step_id ?? null;
}

/**
 * Hands a customer's case to a partner: an agency on this instance (which finds it in its
 * inbox) or an outside partner (sent the case file by email). In one transaction: the mandate
 * with the balance and invoices past due today, the timeline event, a notice for the account owner,
 * the agency's task or the partner's email. From then on the creditor's own scenario is paused
 * for the customer while the mandate is live.
 */
export async function handOffCase(db: Db, caller: Caller, customer: CustomerRow, input: HandOffInput, now: Date): Promise<MandateRow> {
  return handOffCaseBy(db, customer, input, now, { userId: caller.userId });
}

/** The same hand-off, by a person or by the scenario's step (`userId` null). */
export async function handOffCaseBy(db: Db, customer: CustomerRow, input: HandOffInput, now: Date, by: HandOffBy): Promise<MandateRow> {
  const creditor = await getOrganization(db, customer.organization_id);
  if (!creditor) throw new AppError('not_found', `customer ${customer.id} does not exist`, { field: 'id' });
  if (creditor.kind === 'agency') throw new AppError('conflict', 'an agency works the cases creditors hand to it; it does not hand its own', { field: 'organization' });
  const today = by.on ?? todayIn(creditor.time_zone, now);

  if (!(MANDATE_ACTING_AS as readonly string[]).includes(input.acting_as)) throw new AppError('validation_failed', 'acting_as must be "creditor" or "agency"', { field: 'acting_as' });
  const feePercentBp = feePercentToBp(String(input.fee_percent ?? ''));
  let feeFixedMinor = 0;
  if (input.fee_fixed) {
    const fixed = moneyFromJson(input.fee_fixed, 'fee_fixed');
    if (fixed.currency !== creditor.currency) throw new AppError('validation_failed', `fee_fixed must be in ${creditor.currency}, the creditor's currency`, { field: 'fee_fixed.currency' });
    if (fixed.minor < 0) throw new AppError('validation_failed', 'fee_fixed must not be negative', { field: 'fee_fixed.amount' });
    feeFixedMinor = fixed.minor;
  }
  let endsOn: PlainDate | null = null;
  if (input.ends_on) {
    endsOn = requireDate(input.ends_on, 'ends_on');
    if (endsOn < today) throw new AppError('validation_failed', `ends_on must be today or later, not ${input.ends_on}`, { field: 'ends_on' });
  }
  const partner = await partnerOf(db, creditor, input);

  // Only what is past due is handed: a partner asking for invoices not yet due would wrong the customer.
  const open = (await listOpenInvoices(db, creditor.id, { customerId: customer.id })).filter(
    (invoice) => invoice.currency === creditor.currency && invoice.openMinor > 0 && daysOverdue(invoice.dueDate, today) > 0,
  );
  const balanceMinor = open.reduce((sum, invoice) => sum + invoice.openMinor, 0);
  if (balanceMinor <= 0) throw new AppError('conflict', `${customer.name} owes nothing past due in ${creditor.currency}: there is no case to hand over`, { field: 'customer_id' });
  if (await activeMandateOfCustomer(db, creditor.id, customer.id)) throw alreadyHanded(customer);
  const overdueDays = open.reduce((most, invoice) => Math.max(most, daysOverdue(invoice.dueDate, today)), 0);
  const stepId = by.stepId !== undefined ? by.stepId : await lastStepOfOpenCase(db, creditor.id, customer.id);
  // The case file is drawn up before the transaction: reading the whole ledger inside it would hold it open.
  const dossier = partner.agency === null ? await buildCustomerDossier(db, creditor, customer, { now }) : null;

  try {
    return await inTransaction(db, async (tx) => {
      const mandate = await insertMandate(tx, creditor.id, {
        customerId: customer.id,
        agencyOrganizationId: partner.agency?.id ?? null,
        partnerName: partner.name,
        partnerEmail: partner.email,
        actingAs: input.acting_as,
        feePercentBp,
        feeFixedMinor,
        currency: creditor.currency,
        startsOn: today,
        endsOn,
        handedBy: by.userId,
        stepId,
        balanceAtHandoffMinor: balanceMinor,
        overdueDaysAtHandoff: overdueDays,
        invoiceIds: open.map((invoice) => invoice.invoiceId),
        note: input.note?.trim() || null,
      });
      const terms = termsInWords(mandate, creditor.name);
      const handedEn = formatMoneyForPeople(balanceMinor, creditor.currency, 'en');
      const handedFr = formatMoneyForPeople(balanceMinor, creditor.currency, 'fr');
      const summary: Bilingual = {
        en: `Case handed to ${partner.name} (${handedEn} open), ${terms.en}`,
        fr: `Dossier transmis à ${partner.name} (${handedFr} dus), ${terms.fr}`,
      };
      await addTimelineEvent(tx, creditor.id, { customerId: customer.id, occurredOn: today, kind: 'handed_off', summary, subjectId: mandate.id, mandateId: mandate.id });
      await insertTaskOnce(tx, creditor.id, {
        customer_id: customer.id,
        case_id: null,
        action_id: null,
        kind: 'owner_notice',
        step_id: null,
        dedupe_key: `handed-off:${mandate.id}`,
        title_en: `${customer.name} was handed to ${partner.name}: your own reminders stop while the mandate lasts`,
        title_fr: `${customer.name} a été transmis à ${partner.name} : vos relances s'arrêtent le temps du mandat`,
        detail: summary.en,
        due_on: today,
        assignee_user_id: customer.owner_user_id,
        created_on: today,
      });
      if (partner.agency) {
        await openAgencyTask(
          tx,
          mandate,
          {
            key: 'new',
            titleEn: `New case from ${creditor.name}: ${customer.name}`,
            titleFr: `Nouveau dossier de ${creditor.name} : ${customer.name}`,
            detail: `${handedEn} open, ${terms.en}${mandate.note ? `. ${mandate.note}` : ''}`,
            dueOn: today,
          },
          today,
        );
      } else {
        await queueOutsidePartnerEmail(tx, { creditor, customer, mandate, dossier: dossier!, now });
      }
      return mandate;
    });
  } catch (error) {
    // Two hand-offs of one customer at the same moment: the index lets one through.
    if (isUniqueViolation(error)) throw alreadyHanded(customer);
    throw error;
  }
}

/**
 * The scenario's hand-off step, when the settings name a default partner: the case goes to that
 * agency on the settings' terms, handed by nobody but the step itself.
 */
export function handOffByStep(db: Db, creditor: OrganizationRow, customer: CustomerRow, partner: HandoffPartner, step: { stepId: string; on: PlainDate; now: Date }): Promise<MandateRow> {
  const input: HandOffInput = {
    agency_organization_id: partner.agencyOrganizationId,
    acting_as: partner.actingAs,
    fee_percent: percentFromBp(partner.feePercentBp),
    fee_fixed: toMoneyJson(partner.feeFixedMinor, creditor.currency),
    ends_on: partner.termDays === null ? null : addDays(step.on, partner.termDays),
  };
  return handOffCaseBy(db, customer, input, step.now, { userId: null, stepId: step.stepId, on: step.on });
}

function alreadyHanded(customer: CustomerRow): AppError {
  return new AppError('conflict', `${customer.name} is already handed to a partner: end that mandate or take the case back first`, { field: 'customer_id' });
}
