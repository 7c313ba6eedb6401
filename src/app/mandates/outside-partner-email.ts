import { percentFromBp } from '../../core/mandates/mandate-terms.js';
import { formatMoneyForPeople } from '../../core/money.js';
import type { PlainDate } from '../../core/plain-date.js';
import { formatDateForLanguage } from '../../core/templates/format-for-language.js';
import type { Db } from '../../adapters/db/database.js';
import type { MandateRow } from '../../adapters/db/mandate-schema.js';
import type { CustomerRow, OrganizationRow } from '../../adapters/db/schema.js';
import { getCollectionSettings } from '../../adapters/db/stores/collection-settings.js';
import type { CustomerDossier } from '../dossier/build-customer-dossier.js';
import { outboxSenderOf } from '../collection/build-template-context.js';
import { enqueueMessage } from '../outbox/enqueue-message.js';

/** The outbox key of the email that hands a case to an outside partner: one per mandate. */
export function handOffEmailActionId(mandateId: string): string {
  return `mandate-handoff:${mandateId}`;
}

/** The email handing a case to an outside partner: it leaves while the mandate is live, like a partner's own message. */
export function isHandOffEmail(message: { action_id: string }): boolean {
  return message.action_id.startsWith('mandate-handoff:');
}

/** The email's words in the creditor's language: who, how much, on what terms, and the file attached. */
function handOffEmail(creditor: OrganizationRow, customer: CustomerRow, mandate: MandateRow, fileName: string): { subject: string; text: string } {
  const french = creditor.locale.toLowerCase().startsWith('fr');
  const language = french ? 'fr' : 'en';
  const balance = formatMoneyForPeople(mandate.balance_at_handoff_minor, mandate.currency, language);
  const fixed = mandate.fee_fixed_minor > 0 ? formatMoneyForPeople(mandate.fee_fixed_minor, mandate.currency, language) : null;
  const percent = percentFromBp(mandate.fee_percent_bp);
  const until = mandate.ends_on ? formatDateForLanguage(mandate.ends_on as PlainDate, language) : null;
  const startsOn = formatDateForLanguage(mandate.starts_on as PlainDate, language);
  const days = mandate.overdue_days_at_handoff;
  if (french) {
    return {
      subject: `Transmission du dossier ${customer.name} (${customer.external_ref}) – ${creditor.name}`,
      text: [
        'Bonjour,',
        '',
        `${creditor.name} vous confie le recouvrement de sa créance sur ${customer.name} (référence client ${customer.external_ref}), à compter du ${startsOn}.`,
        `Montant dû à ce jour : ${balance}${days > 0 ? `, la plus ancienne facture étant échue depuis ${days} ${days > 1 ? 'jours' : 'jour'}` : ''}.`,
        '',
        'Conditions du mandat :',
        `- vous agissez ${mandate.acting_as === 'creditor' ? `au nom de ${creditor.name}` : 'en votre nom propre'} ;`,
        `- honoraires : ${percent} % des sommes recouvrées${fixed ? `, plus ${fixed} de frais fixes` : ''} ;`,
        `- durée : ${until ? `jusqu'au ${until}` : "jusqu'à la fin du mandat ou la reprise du dossier"}.`,
        ...(mandate.note ? ['', mandate.note] : []),
        '',
        `Le dossier complet est joint (${fileName}) : relevé, factures ouvertes, courriers envoyés, historique des échanges, litiges et accords.`,
        'Merci de nous tenir informés de chaque démarche et de chaque paiement reçu.',
        '',
        'Cordialement,',
        creditor.name,
      ].join('\n'),
    };
  }
  return {
    subject: `Case handed over: ${customer.name} (${customer.external_ref}) – ${creditor.name}`,
    text: [
      'Hello,',
      '',
      `${creditor.name} hands you the collection of its receivable on ${customer.name} (customer reference ${customer.external_ref}), from ${startsOn}.`,
      `Owed today: ${balance}${days > 0 ? `, the oldest invoice ${days} ${days === 1 ? 'day' : 'days'} overdue` : ''}.`,
      '',
      'Terms of the mandate:',
      `- you act ${mandate.acting_as === 'creditor' ? `in the name of ${creditor.name}` : 'in your own name'};`,
      `- fee: ${percent} % of what is recovered${fixed ? `, plus a fixed fee of ${fixed}` : ''};`,
      `- term: ${until ? `until ${until}` : 'until ended or taken back'}.`,
      ...(mandate.note ? ['', mandate.note] : []),
      '',
      `The complete case file is attached (${fileName}): statement, open invoices, letters sent, timeline, disputes and arrangements.`,
      'Please keep us informed of every step you take and every payment received.',
      '',
      'Kind regards,',
      creditor.name,
    ].join('\n'),
  };
}

/**
 * Queues, in the creditor's outbox, the email that hands the case to an outside partner with the
 * case file attached. It is marked with the mandate, so the creditor's live view lists it, and it
 * leaves with the creditor's other mail (from its sender address, in business hours).
 */
export async function queueOutsidePartnerEmail(
  db: Db,
  input: { creditor: OrganizationRow; customer: CustomerRow; mandate: MandateRow; dossier: CustomerDossier; now: Date },
): Promise<string> {
  const { creditor, customer, mandate, dossier } = input;
  const settings = await getCollectionSettings(db, creditor.id);
  const { subject, text } = handOffEmail(creditor, customer, mandate, dossier.fileName);
  const queued = await enqueueMessage(db, creditor.id, {
    actionId: handOffEmailActionId(mandate.id),
    customerId: customer.id,
    channel: 'email',
    recipient: { name: mandate.partner_name, email: mandate.partner_email! },
    sender: outboxSenderOf('accounts_team', settings, creditor),
    subject,
    text,
    // About no invoice in particular: the partner gets the file whatever is paid meanwhile.
    invoiceIds: [],
    notBefore: input.now.toISOString(),
    attachments: [{ filename: dossier.fileName, contentType: 'application/zip', contentBase64: Buffer.from(dossier.content).toString('base64') }],
  });
  await db.kysely.updateTable('outbox_messages').set({ mandate_id: mandate.id }).where('organization_id', '=', creditor.id).where('id', '=', queued.id).execute();
  return queued.id;
}
