import type { Db } from '../../adapters/db/database.js';
import type { DebtorRequestRow } from '../../adapters/db/debtor-request-schema.js';
import { inTransaction } from '../../adapters/db/stores/in-transaction.js';
import { checkUpload, type PageUpload } from './check-upload.js';
import { DebtorRefusal } from './debtor-refusal.js';
import { invoiceNumbersOf, pageContextOf, pageText, quoted, recordDebtorRequest, type PageAccess } from './record-debtor-request.js';

export interface PageQuestionInput {
  kind: string;
  invoiceId?: string | null;
  message: string;
  attachment?: PageUpload | null;
}

/** A question, or a document the customer says it is missing: it waits for a person's answer, which goes back by email and shows on the page. */
export async function askOnPage(db: Db, access: PageAccess, input: PageQuestionInput, now: Date): Promise<DebtorRequestRow> {
  const context = await pageContextOf(db, access, now);
  const { customer } = context;
  if (input.kind !== 'question' && input.kind !== 'missing_document') throw new DebtorRefusal('invalid_field', 'kind must be question or missing_document', 'kind');
  const kind = input.kind;
  const message = pageText(input.message, 'message', true)!;
  const attachment = input.attachment ? checkUpload(input.attachment, 'attachment') : null;
  return inTransaction(db, async (tx) => {
    const [number] = input.invoiceId ? await invoiceNumbersOf(tx, context, [input.invoiceId], 'invoice_id') : [];
    const about = number ? { en: ` about invoice ${number}`, fr: ` sur la facture ${number}` } : { en: '', fr: '' };
    const what = kind === 'question' ? { en: 'asked a question', fr: 'a posé une question' } : { en: 'asked for a missing document', fr: 'a demandé un document manquant' };
    return recordDebtorRequest(tx, context, {
      kind,
      status: 'open',
      payload: { invoice_id: input.invoiceId || null, invoice_number: number ?? null },
      message,
      task: kind === 'question'
        ? { en: `Answer the question of ${customer.name}${about.en}`, fr: `Répondre à la question de ${customer.name}${about.fr}` }
        : { en: `Send ${customer.name} the document it is missing${about.en}`, fr: `Envoyer à ${customer.name} le document qui lui manque${about.fr}` },
      timeline: { kind: 'debtor_request', summary: { en: `On its page, the customer ${what.en}${about.en}: ${quoted(message)}`, fr: `Sur sa page, le client ${what.fr}${about.fr} : ${quoted(message)}` } },
      files: attachment ? [attachment] : [],
    });
  });
}
