import { isValidBIC, isValidIBAN } from 'ibantools';
import { epcQrPayload } from '../core/payments/epc-qr-payload.js';
import { messageTransfer, PAYMENT_QR_CONTENT_ID } from '../core/payments/message-transfer.js';
import type { OrganizationRow } from '../adapters/db/schema.js';
import { renderPaymentQrPng } from '../adapters/channels/payment-qr-image.js';
import { bankDetailsOf } from './bank-details.js';

/** The currency of the account customers pay into: the one it is held in, else the organization's. */
function payIntoCurrency(organization: OrganizationRow): string {
  const accounts = JSON.parse(organization.bank_accounts) as unknown;
  const first = Array.isArray(accounts) ? (accounts[0] as { currency?: unknown } | undefined) : undefined;
  return typeof first?.currency === 'string' && first.currency ? first.currency : organization.currency;
}

/** What a message asks to be paid: its currency, its balance, and the invoices it lists with their references (electronic form). */
export interface MessagePayment {
  currency: string;
  balanceMinor: number;
  invoices: readonly { number: string; paymentReference: string | null }[];
}

/**
 * The text of the EPC QR code of a message, or null when it can carry none (no IBAN, not in
 * euros, nothing to pay). The template context and the message that leaves both call it with
 * the figures the action recorded, so the code always asks what the message says.
 */
export function paymentQrPayload(organization: OrganizationRow, payment: MessagePayment): string | null {
  const bank = bankDetailsOf(organization);
  // A code with a wrong IBAN would send the customer's money nowhere: none rather than that.
  const iban = bank && isValidIBAN(bank.iban) ? bank.iban : null;
  const transfer = messageTransfer({
    iban,
    bic: bank?.bic && isValidBIC(bank.bic) ? bank.bic : null,
    beneficiary: bank?.accountHolder ?? organization.legal_name,
    accountCurrency: payIntoCurrency(organization),
    currency: payment.currency,
    balanceMinor: payment.balanceMinor,
    invoices: payment.invoices,
  });
  return transfer ? epcQrPayload(transfer) : null;
}

/** What an email's HTML shows the QR code by; '' when the message carries none. */
export function paymentQrSource(organization: OrganizationRow, payment: MessagePayment): string {
  return paymentQrPayload(organization, payment) ? `cid:${PAYMENT_QR_CONTENT_ID}` : '';
}

/** The QR code as an inline image of an email, shown where the HTML says `cid:payment-qr@relance`. */
export async function paymentQrAttachment(payload: string): Promise<{ filename: string; contentType: string; contentBase64: string; contentId: string }> {
  const png = await renderPaymentQrPng(payload);
  return { filename: 'payment-qr.png', contentType: 'image/png', contentBase64: png.toString('base64'), contentId: PAYMENT_QR_CONTENT_ID };
}

/**
 * An email's HTML as a browser shows it outside a mail client: each `cid:` image the message
 * carries put in as a data URL, so a preview shows the QR code the customer will see.
 */
export function withInlineImages(html: string, attachments: readonly { contentType: string; contentBase64: string; contentId?: string }[]): string {
  let shown = html;
  for (const attachment of attachments) {
    if (attachment.contentId) shown = shown.replaceAll(`cid:${attachment.contentId}`, `data:${attachment.contentType};base64,${attachment.contentBase64}`);
  }
  return shown;
}

/** A template preview's HTML with the QR code of the figures it states drawn in, when it has one. */
export async function previewWithPaymentQr(html: string | null, organization: OrganizationRow, payment: MessagePayment): Promise<string | null> {
  const payload = html?.includes(`cid:${PAYMENT_QR_CONTENT_ID}`) ? paymentQrPayload(organization, payment) : null;
  return html && payload ? withInlineImages(html, [await paymentQrAttachment(payload)]) : html;
}
