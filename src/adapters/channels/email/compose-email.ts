import MailComposer from 'nodemailer/lib/mail-composer';
import type { OutgoingMessage } from '../channel-transport.js';

/** The full RFC 5322 message (HTML + plain text + attachments) with its stable Message-ID. */
export async function composeEmail(message: OutgoingMessage, fallbackFrom: string): Promise<Buffer> {
  const from = { name: message.sender.name, address: message.sender.email ?? fallbackFrom };
  const composer = new MailComposer({
    from,
    to: message.recipient.name ? { name: message.recipient.name, address: message.recipient.email ?? '' } : message.recipient.email,
    replyTo: message.sender.replyTo,
    subject: message.subject,
    text: message.text,
    html: message.html,
    messageId: message.messageId,
    ...(message.inReplyTo ? { inReplyTo: message.inReplyTo, references: message.references ?? message.inReplyTo } : {}),
    attachments: message.attachments.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: Buffer.from(a.contentBase64, 'base64'),
      // An inline image: the HTML shows it by cid:, mail clients do not list it as a file.
      ...(a.contentId ? { cid: a.contentId, contentDisposition: 'inline' as const } : {}),
    })),
  });
  return new Promise((resolve, reject) => {
    composer.compile().build((error, raw) => (error ? reject(error) : resolve(raw)));
  });
}
