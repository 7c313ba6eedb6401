import { formatMinor, type Currency } from '../money.js';

/** What a debtor is asked to pay by one link: one invoice, or the whole balance. */
export interface PaymentLinkRequest {
  /** The structured reference to quote (electronic form), else the invoice or customer number. */
  readonly reference: string;
  readonly amountMinor: number;
  readonly currency: Currency;
  /** Null for the whole balance. */
  readonly invoiceNumber: string | null;
}

/**
 * A way to pay by card or direct debit on a page of a payment provider. The debtor's page asks
 * every provider configured for a link per invoice and for the balance; a provider that cannot
 * take a payment (a currency it does not handle, no account set up) answers null and shows
 * nothing.
 */
export interface PaymentLinkProvider {
  readonly name: string;
  linkFor(request: PaymentLinkRequest): string | null;
}

/** The placeholders a payment link template may hold. */
export const PAYMENT_LINK_PLACEHOLDERS = ['{reference}', '{amount}', '{currency}'] as const;

/** Why a payment link template is refused, or null when it is a usable https address. */
export function paymentLinkTemplateProblem(template: string): string | null {
  if (template.length > 1000) return 'the payment link template is at most 1,000 characters';
  if (!/^https:\/\/[^\s/?#{}]+/i.test(template)) return 'the payment link template must be an https address, such as https://pay.example.com/checkout?ref={reference}&amount={amount}';
  const unknown = (template.match(/\{[^}]*\}/g) ?? []).filter((placeholder) => !(PAYMENT_LINK_PLACEHOLDERS as readonly string[]).includes(placeholder));
  if (unknown.length > 0) return `the payment link template holds ${unknown[0]}; it may hold ${PAYMENT_LINK_PLACEHOLDERS.join(', ')}`;
  return null;
}

/**
 * The built-in provider: an address of a hosted payment page with {reference}, {amount} (a
 * decimal such as 1250.00) and {currency} filled in, each URL-encoded. Nothing to pay, nothing
 * shown.
 */
export function templatePaymentLinkProvider(template: string): PaymentLinkProvider {
  return {
    name: 'template',
    linkFor(request) {
      if (request.amountMinor <= 0) return null;
      const values: Record<string, string> = {
        '{reference}': request.reference,
        '{amount}': formatMinor(request.amountMinor, request.currency),
        '{currency}': request.currency,
      };
      return template.replace(/\{reference\}|\{amount\}|\{currency\}/g, (placeholder) => encodeURIComponent(values[placeholder]!));
    },
  };
}
