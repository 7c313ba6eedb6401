import type { PlainDate } from '../../core/plain-date.js';
/** The parsed outbox row a channel receives; ids are stable across attempts. */
export interface OutgoingMessage {
  id: string;
  organizationId: string;
  customerId: string;
  channel: 'email' | 'sms' | 'letter' | 'registered_letter';
  /** RFC 5322 Message-ID, also sent to SMS providers as an idempotency key. */
  messageId: string;
  recipient: { name?: string; email?: string; phone?: string; postalAddress?: string };
  sender: { name: string; email?: string; replyTo?: string; postalAddress?: string };
  subject: string;
  text: string;
  html?: string;
  /** `contentId` makes an attachment an inline image the HTML shows by `cid:…` (the payment QR code). */
  attachments: { filename: string; contentType: string; contentBase64: string; contentId?: string }[];
  /** The invoices a letter lists, with their balance at sending time. */
  invoices: LetterInvoice[];
  /** The day the message is dated, YYYY-MM-DD. */
  date: PlainDate;
  /** The customer's language (fr, en, nl, de), for the fixed words of a letter. */
  language?: string;
  /** The text of the EPC QR code a letter prints to pay from (core/payments/epc-qr-payload.ts); absent when it can carry none. */
  paymentQr?: string;
  /** An answer to a customer's email: In-Reply-To and References, so it lands in the customer's thread. */
  inReplyTo?: string;
  references?: string;
}

export interface LetterInvoice {
  number: string;
  issueDate: PlainDate;
  dueDate: PlainDate;
  currency: string;
  amountMinor: number;
  openMinor: number;
  /** What to quote with a transfer, electronic form. */
  paymentReference?: string | null;
}

/**
 * What happened to one attempt. `transient`: refused for now, nothing delivered, try later.
 * `permanent`: refused for good. `unknown`: the channel may have taken it — never resent
 * without a person. `kept`: no transport configured; the message is stored as a file.
 */
export type SendOutcome =
  | { kind: 'sent'; providerMessageId?: string; documentPath?: string }
  | { kind: 'kept'; documentPath: string; reason: string }
  | { kind: 'transient'; error: string }
  | { kind: 'permanent'; error: string }
  | { kind: 'unknown'; error: string };

export interface ChannelTransport {
  send(message: OutgoingMessage): Promise<SendOutcome>;
  close?(): Promise<void>;
}

export type ChannelTransports = Record<OutgoingMessage['channel'], ChannelTransport>;
