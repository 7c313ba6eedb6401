import type { EpcTransfer } from './epc-qr-payload.js';
import { EPC_MAX_AMOUNT_MINOR } from './epc-qr-payload.js';

/** What a message's QR code is built from: the account customers pay into, and what the message asks. */
export interface MessageTransferFacts {
  /** Electronic form; null without bank details. */
  readonly iban: string | null;
  readonly bic: string | null;
  readonly beneficiary: string;
  /** The currency the account is held in. */
  readonly accountCurrency: string;
  /** The currency of what the message asks. */
  readonly currency: string;
  /** What the listed invoices leave to pay, after credits: the message's balance. */
  readonly balanceMinor: number;
  /** The invoices the message lists, with their payment references (electronic form). */
  readonly invoices: readonly { readonly number: string; readonly paymentReference: string | null }[];
}

/**
 * The transfer a message's QR code describes, or null when it can carry none: an EPC code is a
 * SEPA credit transfer in euros, so the account and the amount must be in euros, the account
 * must have an IBAN, and there must be something to pay. A message about one invoice carries
 * that invoice's structured reference; about several, their numbers as free text (a transfer
 * holds one structured reference only), which the matching reads back.
 */
export function messageTransfer(facts: MessageTransferFacts): EpcTransfer | null {
  if (!facts.iban || facts.currency !== 'EUR' || facts.accountCurrency !== 'EUR') return null;
  if (facts.balanceMinor <= 0 || facts.balanceMinor > EPC_MAX_AMOUNT_MINOR || facts.invoices.length === 0) return null;
  const only = facts.invoices.length === 1 ? facts.invoices[0]! : null;
  return {
    iban: facts.iban,
    bic: facts.bic,
    name: facts.beneficiary,
    amountMinor: facts.balanceMinor,
    ...(only?.paymentReference ? { reference: only.paymentReference } : { text: facts.invoices.map((invoice) => invoice.number).join(' ') }),
  };
}

/** The Content-ID an email's HTML shows the QR code by (`<img src="cid:…">`). */
export const PAYMENT_QR_CONTENT_ID = 'payment-qr@relance';
