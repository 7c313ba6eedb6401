import type { Db } from '../../adapters/db/database.js';
import type { DebtorRequestRow } from '../../adapters/db/debtor-request-schema.js';
import { inTransaction } from '../../adapters/db/stores/in-transaction.js';
import { openDispute } from '../collection/open-dispute.js';
import { checkUpload, type PageUpload } from './check-upload.js';
import { DebtorRefusal } from './debtor-refusal.js';
import { invoiceNumbersOf, pageContextOf, pageText, quoted, recordDebtorRequest, type PageAccess } from './record-debtor-request.js';

/** What a customer may dispute an invoice for on its page. */
export const PAGE_DISPUTE_REASONS = ['invoice_error', 'not_delivered', 'price', 'other'] as const;
export type PageDisputeReason = (typeof PAGE_DISPUTE_REASONS)[number];

const REASON_WORDS: Record<PageDisputeReason, { en: string; fr: string }> = {
  invoice_error: { en: 'an error on the invoice', fr: 'une erreur sur la facture' },
  not_delivered: { en: 'not delivered or not as agreed', fr: 'non livré ou non conforme' },
  price: { en: 'the price', fr: 'le prix' },
  other: { en: 'another reason', fr: 'un autre motif' },
};

export interface PageDisputeInput {
  invoiceId: string;
  reason: string;
  message: string;
  attachment?: PageUpload | null;
}

/** A dispute of one invoice from the customer's page: that invoice is no longer reminded, and a person settles it. */
export async function disputeOnPage(db: Db, access: PageAccess, input: PageDisputeInput, now: Date): Promise<DebtorRequestRow> {
  const context = await pageContextOf(db, access, now);
  const { organization, customer, on } = context;
  if (!(PAGE_DISPUTE_REASONS as readonly string[]).includes(input.reason)) throw new DebtorRefusal('invalid_reason', `reason must be one of ${PAGE_DISPUTE_REASONS.join(', ')}`, 'reason');
  const reason = input.reason as PageDisputeReason;
  const message = pageText(input.message, 'message', true)!;
  const attachment = input.attachment ? checkUpload(input.attachment, 'attachment') : null;
  if (!input.invoiceId) throw new DebtorRefusal('unknown_invoice', 'say which invoice is disputed', 'invoice_id');
  return inTransaction(db, async (tx) => {
    const [number] = await invoiceNumbersOf(tx, context, [input.invoiceId], 'invoice_id');
    const dispute = await openDispute(tx, organization.id, customer, { invoice: { id: input.invoiceId }, reason, note: message }, on, null);
    return recordDebtorRequest(tx, context, {
      kind: 'dispute',
      // It waits for a person, who settles the dispute or refuses it; the invoice is not reminded meanwhile.
      status: 'open',
      payload: { invoice_id: input.invoiceId, invoice_number: number, reason },
      message,
      subjectId: dispute.id,
      // openDispute gives a person its own task to settle the dispute.
      task: null,
      timeline: {
        kind: 'debtor_request',
        summary: {
          en: `On its page, the customer disputed invoice ${number} for ${REASON_WORDS[reason].en}: ${quoted(message)}${attachment ? ' (file attached)' : ''}`,
          fr: `Sur sa page, le client a contesté la facture ${number} pour ${REASON_WORDS[reason].fr} : ${quoted(message)}${attachment ? ' (fichier joint)' : ''}`,
        },
      },
      files: attachment ? [attachment] : [],
    });
  });
}
