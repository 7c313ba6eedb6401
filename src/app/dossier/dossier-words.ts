/** A sentence in both languages of the manifest. */
export type Bilingual = { en: string; fr: string };

const DISPUTE_REASONS: Record<string, Bilingual> = {
  invoice_error: { en: 'Error on the invoice', fr: 'Erreur sur la facture' },
  not_delivered: { en: 'Not delivered', fr: 'Non livré' },
  not_as_agreed: { en: 'Not as agreed', fr: 'Non conforme à la commande' },
  price: { en: 'Price disputed', fr: 'Prix contesté' },
  other: { en: 'Other reason', fr: 'Autre motif' },
};

const DISPUTE_RESOLUTIONS: Record<string, Bilingual> = {
  credit_note: { en: 'Settled by a credit note', fr: 'Réglé par un avoir' },
  partial_write_off: { en: 'Partly written off', fr: 'Abandon partiel' },
  rejected: { en: 'Dispute rejected, amount due', fr: 'Contestation rejetée, montant dû' },
};

const OUTCOMES: Record<string, Bilingual> = {
  pending: { en: 'Date not yet reached', fr: 'Date pas encore atteinte' },
  kept: { en: 'Kept', fr: 'Tenue' },
  broken: { en: 'Not kept', fr: 'Non tenue' },
  cancelled: { en: 'Cancelled', fr: 'Annulé' },
  paid: { en: 'Paid off', fr: 'Soldé' },
  running: { en: 'Under way, instalments kept so far', fr: 'En cours, échéances respectées à ce jour' },
};

const REQUEST_KINDS: Record<string, Bilingual> = {
  claim: { en: 'Says it already paid', fr: 'Déclare avoir déjà payé' },
  promise: { en: 'Promise to pay', fr: 'Promesse de paiement' },
  plan_request: { en: 'Asks for a payment plan', fr: 'Demande un échéancier' },
  dispute: { en: 'Disputes an invoice', fr: 'Conteste une facture' },
  question: { en: 'Question', fr: 'Question' },
  missing_document: { en: 'Asks for a document', fr: 'Demande un document' },
  contact: { en: 'New contact details', fr: 'Nouvelles coordonnées' },
};

const CHANNELS: Record<string, Bilingual> = {
  email: { en: 'Email', fr: 'E-mail' },
  letter: { en: 'Letter', fr: 'Courrier' },
  registered_letter: { en: 'Registered letter with acknowledgement of receipt', fr: 'Lettre recommandée avec accusé de réception' },
};

const MESSAGE_STATUSES: Record<string, Bilingual> = {
  sent: { en: 'Sent through the postal provider', fr: 'Envoyée par le prestataire postal' },
  kept: { en: 'Printed and kept for posting by hand', fr: 'Imprimée et conservée pour envoi manuel' },
  email_sent: { en: 'Accepted by the mail server', fr: 'Accepté par le serveur de messagerie' },
};

const word = (table: Record<string, Bilingual>, code: string): Bilingual => table[code] ?? { en: code, fr: code };

/** What each file of the dossier is, for the manifest. */
export const describe = {
  statement: { en: 'Statement of account', fr: 'Relevé de compte' },
  invoice: (number: string): Bilingual => ({ en: `Invoice ${number} (open)`, fr: `Facture ${number} (non soldée)` }),
  message: (channel: string, subject: string): Bilingual => {
    const kind = word(CHANNELS, channel);
    return { en: `${kind.en}: ${subject}`, fr: `${kind.fr} : ${subject}` };
  },
  timelinePdf: { en: 'Timeline of every exchange and event, oldest first', fr: 'Historique de tous les échanges et événements, du plus ancien au plus récent' },
  timelineCsv: { en: 'Timeline as a spreadsheet, ISO dates', fr: 'Historique au format tableur, dates ISO' },
  disputes: { en: 'Disputes and their outcome', fr: 'Litiges et leur issue' },
  arrangements: { en: 'Promises to pay and payment plans with their instalments and outcome', fr: 'Promesses de paiement et échéanciers, avec leurs échéances et leur issue' },
  requests: { en: 'What the customer asked or said on its page', fr: 'Ce que le client a demandé ou déclaré sur sa page' },
  lateFees: { en: 'Late interest and recovery indemnity per invoice', fr: 'Pénalités de retard et indemnité forfaitaire par facture' },
  channel: (code: string): Bilingual => word(CHANNELS, code),
  messageStatus: (code: string, channel: string): Bilingual => word(MESSAGE_STATUSES, channel === 'email' ? `email_${code}` : code),
};

const sayIn = (language: 'en' | 'fr') => (table: Record<string, Bilingual>) => (code: string) => word(table, code)[language];

function wordsIn(language: 'en' | 'fr') {
  const say = sayIn(language);
  return {
    disputeReason: say(DISPUTE_REASONS),
    disputeResolution: say(DISPUTE_RESOLUTIONS),
    outcome: say(OUTCOMES),
    requestKind: say(REQUEST_KINDS),
  };
}

/** The CSV files' headers and the words their coded columns are explained with. */
export const DOSSIER_WORDS = {
  en: {
    ...wordsIn('en'),
    timelineHeader: ['date', 'recorded at', 'kind', 'type', 'message status', 'summary (en)', 'summary (fr)', 'by'],
    disputesHeader: ['invoice', 'opened on', 'reason code', 'reason', 'note', 'status', 'resolution code', 'resolution', 'resolution note', 'resolved on'],
    arrangementsHeader: ['type', 'id', 'agreed on', 'invoices', 'instalment', 'due date', 'amount', 'currency', 'paid', 'outcome code', 'outcome', 'note'],
    requestsHeader: ['date', 'kind code', 'kind', 'message', 'status', 'answer', 'answered on'],
  },
  fr: {
    ...wordsIn('fr'),
    timelineHeader: ['date', 'enregistré à', 'catégorie', 'type', 'statut du message', 'résumé (en)', 'résumé (fr)', 'par'],
    disputesHeader: ['facture', 'ouvert le', 'code motif', 'motif', 'note', 'statut', 'code issue', 'issue', 'note de clôture', 'clos le'],
    arrangementsHeader: ['type', 'id', 'convenu le', 'factures', 'échéance n°', 'date', 'montant', 'devise', 'payé', 'code issue', 'issue', 'note'],
    requestsHeader: ['date', 'code demande', 'demande', 'message', 'statut', 'réponse', 'répondu le'],
  },
} as const;
