import type { ChannelTransport, OutgoingMessage, SendOutcome } from '../channel-transport.js';
import { writeOutboxFile } from '../keep-in-directory.js';
import { renderLetterPdf } from './render-letter-pdf.js';

/**
 * Who posts a letter once its PDF exists: a print-and-post or registered-mail service. The
 * default keeps the PDF for a person to print and post, so nothing is sent without them.
 */
export interface LetterPoster {
  post(letter: { pdfPath: string; pdf: Buffer; message: OutgoingMessage }): Promise<SendOutcome>;
}

export const keepLetterForPerson: LetterPoster = {
  async post({ pdfPath, message }) {
    const what = message.channel === 'registered_letter' ? 'registered letter' : 'letter';
    return { kind: 'kept', documentPath: pdfPath, reason: `no postal service configured; the ${what} PDF is ready to print and post` };
  },
};

/** Renders the letter (with the customer's language for the table labels) then hands it to the poster. */
export function letterTransport(options: { outboxDir: string; poster?: LetterPoster; }): ChannelTransport {
  const poster = options.poster ?? keepLetterForPerson;
  return {
    async send(message: OutgoingMessage): Promise<SendOutcome> {
      const pdf = await renderLetterPdf(message, message.language ?? 'en');
      const pdfPath = await writeOutboxFile(options.outboxDir, message.organizationId, `${message.id}.pdf`, pdf);
      const outcome = await poster.post({ pdfPath, pdf, message });
      if (outcome.kind === 'sent' && !outcome.documentPath) return { ...outcome, documentPath: pdfPath };
      return outcome;
    },
  };
}
