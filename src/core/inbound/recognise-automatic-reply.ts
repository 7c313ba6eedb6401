/**
 * What a received email's headers and structure say about who wrote it. Only what the message
 * itself carries is read: the decision is the same whichever way the mail was read back.
 */
export interface ReceivedMailShape {
  /** Header names in lower case; the first value of each as received. */
  headers: Readonly<Record<string, string>>;
  subject: string;
  /** The top-level media type, lower case (multipart/report, text/plain…). */
  contentType: string;
  /** The report-type parameter of a multipart/report, lower case, when there is one. */
  reportType?: string | undefined;
  /** Media types of the parts inside, lower case. */
  partTypes: readonly string[];
  fromAddress: string;
}

/** A person wrote it; a machine answered for them (out of office, read receipt…); or the mail the customer should have had came back. */
export type MailAuthorship = { kind: 'human' } | { kind: 'automatic'; reason: string } | { kind: 'bounce'; reason: string };

// Subjects mail clients put on an out-of-office answer, in the four languages of the product.
// Anchored at the start (after an optional "Re:"/"AW:"/"TR:"), compared without accents or case:
// a person's "Re: our holiday closing" is not taken for a machine.
const OUT_OF_OFFICE_SUBJECTS: readonly RegExp[] = [
  // en
  /^(out of (the )?office|automatic reply|auto[- ]?reply|auto[- ]?response|autoreply|away from (the )?office|on (vacation|holiday|leave))\b/,
  // fr
  /^(reponse automatique|absence du bureau|absent du bureau|absente du bureau|message d'absence|notification d'absence|je suis absente?\b|en conges\b)/,
  // nl
  /^(automatisch antwoord|afwezig(heidsmelding)?\b|niet aanwezig|buiten kantoor|automatisch bericht)/,
  // de
  /^(automatische antwort|abwesenheitsnotiz|abwesenheit\b|abwesend\b|nicht im buro|ausser haus|automatische abwesenheitsnachricht)/,
];

const BOUNCE_SENDERS = /^(mailer-daemon|postmaster|mail-daemon)@/i;
const BOUNCE_SUBJECTS = /^(undeliver(ed|able)|delivery (status notification|has failed|failure)|mail delivery (failed|failure|subsystem)|returned mail|failure notice|non remis|echec de (la )?remise|message non distribue|onbestelbaar|niet bezorgd|unzustellbar|nicht zustellbar)/;

function plain(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .replace(/[\u2018\u2019]/g, "'")
    .toLowerCase()
    .trim();
}

function withoutReplyPrefix(subject: string): string {
  return subject.replace(/^((re|aw|tr|fw|fwd|wg|antw|sv)\s*(\[\d+\])?\s*:\s*)+/i, '');
}

/**
 * Sorts a received email by who wrote it (RFC 3834 Auto-Submitted, the X-Autoreply family,
 * Precedence, RFC 3464 delivery reports, then out-of-office subjects in fr/en/nl/de). A machine's
 * answer is recorded but is not the customer speaking: it is not a contact and asks nothing of
 * a collector.
 */
export function recogniseAutomaticReply(mail: ReceivedMailShape): MailAuthorship {
  const header = (name: string) => mail.headers[name]?.trim().toLowerCase();
  const isReport = mail.contentType === 'multipart/report';
  if ((isReport && mail.reportType === 'delivery-status') || mail.contentType === 'message/delivery-status' || mail.partTypes.includes('message/delivery-status')) {
    return { kind: 'bounce', reason: 'delivery status report' };
  }
  const subject = plain(withoutReplyPrefix(mail.subject));
  if (BOUNCE_SENDERS.test(mail.fromAddress) && BOUNCE_SUBJECTS.test(subject)) return { kind: 'bounce', reason: `returned by ${mail.fromAddress}` };
  if (isReport && mail.reportType === 'disposition-notification') return { kind: 'automatic', reason: 'read receipt' };
  const autoSubmitted = header('auto-submitted');
  if (autoSubmitted !== undefined && autoSubmitted !== '' && !autoSubmitted.startsWith('no')) return { kind: 'automatic', reason: `Auto-Submitted: ${autoSubmitted}` };
  for (const name of ['X-Autoreply', 'X-Autorespond', 'X-Autoresponder']) {
    const value = header(name.toLowerCase());
    if (value !== undefined && value !== 'no') return { kind: 'automatic', reason: `${name} header` };
  }
  const precedence = header('precedence');
  if (precedence === 'auto_reply' || precedence === 'bulk' || precedence === 'junk') return { kind: 'automatic', reason: `Precedence: ${precedence}` };
  if (OUT_OF_OFFICE_SUBJECTS.some((pattern) => pattern.test(subject))) return { kind: 'automatic', reason: 'out-of-office subject' };
  return { kind: 'human' };
}

/** The Message-IDs named in the parts of a delivery report that quote the returned message. */
export function returnedMessageIds(quotedParts: readonly string[]): string[] {
  const ids: string[] = [];
  for (const part of quotedParts) {
    for (const match of part.matchAll(/^Message-ID:[ \t]*(?:\r?\n[ \t]+)?(<[^>\s]+>)/gim)) if (!ids.includes(match[1]!)) ids.push(match[1]!);
  }
  return ids;
}
