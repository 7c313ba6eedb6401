import { Readable } from 'node:stream';
import nodemailer from 'nodemailer';
import type { ChannelTransport, OutgoingMessage, SendOutcome } from '../channel-transport.js';
import { composeEmail } from './compose-email.js';

export interface SmtpOptions {
  /** smtp://user:pass@host:port (smtps:// for implicit TLS); query options as nodemailer reads them. */
  url: string;
  /** Envelope sender when a message's sender has no address. */
  defaultFrom?: string;
  /** Seconds to wait for the server before giving up on an attempt. */
  timeoutSeconds?: number;
}

/**
 * Sends email over SMTP and sorts every failure into transient, permanent or unknown. The
 * message is streamed from a buffer we watch: a connection lost before the last byte was
 * read cannot have been accepted (RFC 5321 §4.1.1.4 — the server commits on the final dot),
 * after it the server may have queued it, so the outcome is unknown.
 */
export function smtpEmailTransport(options: SmtpOptions): ChannelTransport {
  const timeout = (options.timeoutSeconds ?? 30) * 1000;
  // Settings in the URL (e.g. ?pool=true) win over these defaults.
  const transporter = nodemailer.createTransport({ url: options.url, connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout });
  const defaultFrom = options.defaultFrom ?? 'no-reply@localhost';
  return {
    async send(message: OutgoingMessage): Promise<SendOutcome> {
      const raw = await composeEmail(message, defaultFrom);
      let fullyRead = false;
      const stream = Readable.from([raw]);
      stream.on('end', () => {
        fullyRead = true;
      });
      try {
        const info = await transporter.sendMail({
          envelope: { from: message.sender.email ?? defaultFrom, to: [message.recipient.email ?? ''] },
          raw: stream,
        });
        return { kind: 'sent', providerMessageId: providerId(info.response) ?? message.messageId };
      } catch (error) {
        return classifySmtpError(error, fullyRead);
      }
    },
    async close() {
      transporter.close();
    },
  };
}

export function classifySmtpError(error: unknown, messageFullyRead: boolean): SendOutcome {
  const e = error as { responseCode?: number; response?: string; message?: string; code?: string };
  const text = e.response ?? e.message ?? String(error);
  if (typeof e.responseCode === 'number') {
    if (e.responseCode >= 400 && e.responseCode < 500) return { kind: 'transient', error: text };
    if (e.responseCode >= 500) return { kind: 'permanent', error: text };
  }
  if (messageFullyRead) return { kind: 'unknown', error: `connection lost after the message was handed over: ${text}` };
  return { kind: 'transient', error: text };
}

// Servers usually answer "250 2.0.0 Ok: queued as ABC123"; the queue id lets a person trace it.
function providerId(response: string | undefined): string | undefined {
  const match = response?.match(/queued as ([^\s]+)/i);
  return match?.[1];
}
