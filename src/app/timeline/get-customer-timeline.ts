import { formatMoneyForPeople } from '../../core/money.js';
import type { Db } from '../../adapters/db/database.js';
import { readCustomerTimeline, type TimelineKind, type TimelineQuery, type TimelineSourceRow } from '../../adapters/db/stores/customer-timeline.js';

type Bilingual = { en: string; fr: string };

/** Who wrote or did what an entry records, when the source keeps it. */
export type TimelineAuthor = { type: 'user'; id: string; name: string } | { type: 'api_key'; name: string };

/** One line of a customer's timeline, as the API and the web app show it. */
export interface TimelineEntry {
  id: string;
  kind: TimelineKind;
  type: string;
  occurred_on: string;
  /** The instant it was recorded: the order of a day's entries. */
  occurred_at: string;
  summary: Bilingual;
  author: TimelineAuthor | null;
  /** A message's status (queued, sent, kept, failed, unknown, cancelled); null for other entries. */
  status: string | null;
  /** API addresses of what the entry is about: a message and its document (an import's id is the entry's). */
  links: { message?: string; document?: string };
}

const CHANNEL_WORDS: Record<string, Bilingual> = {
  email: { en: 'Email', fr: 'Email' },
  sms: { en: 'Text message', fr: 'SMS' },
  letter: { en: 'Letter', fr: 'Courrier' },
  registered_letter: { en: 'Registered letter', fr: 'Lettre recommandée' },
};

/** A message's fate in words, for the timeline and the live view of a handed case. */
export const MESSAGE_STATUS_WORDS: Record<string, Bilingual> = {
  queued: { en: 'scheduled', fr: 'programmé' },
  sending: { en: 'being sent', fr: "en cours d'envoi" },
  sent: { en: 'sent', fr: 'envoyé' },
  kept: { en: 'ready to post', fr: 'prêt à poster' },
  failed: { en: 'could not be sent', fr: "n'a pas pu être envoyé" },
  unknown: { en: 'may not have left: to check', fr: 'peut-être pas parti : à vérifier' },
  cancelled: { en: 'cancelled', fr: 'annulé' },
};

const IMPORT_WORDS: Record<string, Bilingual> = {
  customers: { en: 'customers', fr: 'clients' },
  invoices: { en: 'invoices', fr: 'factures' },
  credit_notes: { en: 'credit notes', fr: 'avoirs' },
  payments: { en: 'payments', fr: 'paiements' },
  fec: { en: 'an accounting export (FEC)', fr: 'un export comptable (FEC)' },
  einvoice: { en: 'e-invoices', fr: 'factures électroniques' },
};

const money = (row: TimelineSourceRow): Bilingual => ({
  en: formatMoneyForPeople(row.amount_minor ?? 0, row.currency ?? 'EUR', 'en-150'),
  fr: formatMoneyForPeople(row.amount_minor ?? 0, row.currency ?? 'EUR', 'fr-FR'),
});

/** The sentence of an entry whose source row carries no summary of its own. */
function summaryOf(row: TimelineSourceRow): Bilingual {
  if (row.summary_en !== null && row.summary_fr !== null) return { en: row.summary_en, fr: row.summary_fr };
  if (row.type === 'message') {
    const channel = CHANNEL_WORDS[row.channel ?? ''] ?? { en: 'Message', fr: 'Message' };
    const status = MESSAGE_STATUS_WORDS[row.status ?? ''] ?? { en: 'recorded', fr: 'enregistré' };
    const subject = row.subject ?? '';
    return { en: `${channel.en} “${subject}” ${status.en}`, fr: `${channel.fr} « ${subject} » ${status.fr}` };
  }
  if (row.type === 'payment') {
    const amount = money(row);
    return { en: `Payment ${row.reference} received: ${amount.en}`, fr: `Paiement ${row.reference} reçu : ${amount.fr}` };
  }
  if (row.type === 'allocation') {
    const amount = money(row);
    if (row.channel === 'payment') return { en: `${amount.en} of payment ${row.reference} put on invoice ${row.subject}`, fr: `${amount.fr} du paiement ${row.reference} affectés à la facture ${row.subject}` };
    if (row.channel === 'credit_note') return { en: `${amount.en} of credit note ${row.reference} put on invoice ${row.subject}`, fr: `${amount.fr} de l'avoir ${row.reference} affectés à la facture ${row.subject}` };
    return { en: `Invoice ${row.subject} settled for ${amount.en} outside Relance`, fr: `Facture ${row.subject} soldée de ${amount.fr} hors de Relance` };
  }
  const what = IMPORT_WORDS[row.channel ?? ''] ?? { en: 'a file', fr: 'un fichier' };
  return { en: `Import of ${what.en} from ${row.file_name}: this account changed`, fr: `Import de ${what.fr} depuis ${row.file_name} : ce compte a changé` };
}

function authorOf(row: TimelineSourceRow): TimelineAuthor | null {
  if (row.author_user_id !== null && row.author_name !== null) return { type: 'user', id: row.author_user_id, name: row.author_name };
  if (row.author_api_key_name !== null) return { type: 'api_key', name: row.author_api_key_name };
  return null;
}

function linksOf(row: TimelineSourceRow): TimelineEntry['links'] {
  if (row.type === 'message' && row.subject_id !== null) {
    const message = `/api/outbox/${encodeURIComponent(row.subject_id)}`;
    return row.has_document === 1 ? { message, document: `${message}/document` } : { message };
  }
  return {};
}

/**
 * One customer's timeline: every exchange and event, newest first (day, then the instant it
 * was recorded), narrowed to some kinds and paged. Read from the tables where each thing is
 * recorded; nothing is copied into a second log.
 */
export async function getCustomerTimeline(
  db: Db,
  organizationId: string,
  customerId: string,
  query: TimelineQuery,
): Promise<{ items: TimelineEntry[]; total: number; limit: number; offset: number }> {
  const { rows, total } = await readCustomerTimeline(db, organizationId, customerId, query);
  return {
    items: rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      type: row.type,
      occurred_on: row.occurred_on,
      occurred_at: row.occurred_at,
      summary: summaryOf(row),
      author: authorOf(row),
      status: row.type === 'message' ? row.status : null,
      links: linksOf(row),
    })),
    total,
    limit: query.limit,
    offset: query.offset,
  };
}
