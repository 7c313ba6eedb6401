import type { LateInterestLaw } from '../late-interest.js';
import type { Currency } from '../money.js';
import type { PlainDate } from '../plain-date.js';
import type { MessageLanguage } from '../scenarios/scenario.js';
import { formatPercentForLanguage, halfYearLabel } from './late-fee-wording.js';

/** An amount as templates receive it; the `money` filter prints it for the message's language. */
export interface TemplateMoney {
  readonly minor: number;
  readonly currency: Currency;
}

export interface TemplateInvoice {
  readonly number: string;
  readonly issue_date: PlainDate;
  readonly due_date: PlainDate;
  /** Days since the due date; 0 while the invoice is not due yet, so no message reads "-4 days overdue". */
  readonly days_overdue: number;
  /** Days left before the due date; 0 once it is due. */
  readonly days_until_due: number;
  readonly open: TemplateMoney;
  /** What to quote with a transfer for this invoice, as printed (+++010/8068/17183+++ or RF18 5390 0754 7034); '' when it has none. */
  readonly payment_reference: string;
}

/** A payment on account, a credit note or an overpaid invoice that lowers what a message asks for. */
export interface TemplateCredit {
  readonly kind: 'payment' | 'credit_note' | 'overpayment';
  /** The credit note's number, the payment's reference, or the overpaid invoice's number. */
  readonly reference: string;
  readonly date: PlainDate;
  readonly amount: TemplateMoney;
}

/** An earlier contact of the case: a reminder, a call that reached the customer, a formal notice, or one made outside Relance. */
export interface TemplatePastContact {
  readonly date: PlainDate;
  readonly kind: 'reminder' | 'call' | 'formal_notice' | 'outside';
}

/** A half-year's rate as the message prints it: "1er semestre 2026" and "12,15 %" in French. */
export interface TemplateRate {
  readonly period: string;
  readonly percent: string;
}

/** Late interest and the fixed recovery indemnity, present only when the step states them. */
export interface TemplateLateFees {
  /** The law the fees follow (`fr`, `be`, `de`, `eu`), so a text can cite its articles. */
  readonly law: LateInterestLaw;
  /**
   * The interest of the late days that have a rate on file: all of it when `interest_complete`,
   * else up to the last half-year on file (a message never states a guessed rate).
   */
  readonly interest: TemplateMoney;
  /** False when some late day falls in a half-year with no rate on file yet. */
  readonly interest_complete: boolean;
  /** Which rate is missing, in the message's language ("taux du 2nd semestre 2026 non renseigné"); '' when none is. */
  readonly missing_period: string;
  /** The rates the interest applies, one per half-year, oldest first; empty when no interest is claimed. */
  readonly rates: readonly TemplateRate[];
  /** All invoices' indemnities together; zero when it is waived (or the invoices are not in euros). */
  readonly indemnity: TemplateMoney;
  /** The fixed indemnity of one late invoice (EUR 40). */
  readonly indemnity_per_invoice: TemplateMoney;
  /** Interest plus indemnity. */
  readonly total: TemplateMoney;
  /** The balance plus the fees: what the message asks for in full. */
  readonly amount_due: TemplateMoney;
}

/**
 * Every variable a message template can use (docs/templates.md). Names are snake_case, as
 * Liquid authors expect. With strict rendering any other name is an error, so a typo in a
 * template is caught when it is saved, not when a customer receives "Dear ,".
 */
export interface TemplateContext {
  readonly language: MessageLanguage;
  /** The day the message is written. */
  readonly today: PlainDate;
  /** The date the message asks the payment by; formal notices give a deadline. */
  readonly pay_by: PlainDate;
  /**
   * The days the message gives to pay: 8, or 15 from receipt for a registered letter, whose
   * `pay_by` then leaves room for the post to deliver it.
   */
  readonly pay_within_days: number;
  readonly customer: { readonly name: string; readonly number: string };
  readonly organization: { readonly name: string; readonly address: string; readonly email: string; readonly phone: string };
  /**
   * Who signs: the accounts team, a named collector or the agency acting for the creditor.
   * `contact` is the email and the phone as one line ("a@b.example · +33 …"), with only what is
   * set, and empty when neither is: a template then needs no condition of its own.
   */
  readonly sender: { readonly name: string; readonly title: string; readonly email: string; readonly phone: string; readonly contact: string };
  readonly invoices: readonly TemplateInvoice[];
  /** Invoices not due yet that the message names too ("and F-123, due on 12 March"), by due date. */
  readonly coming_due: readonly TemplateInvoice[];
  /** The listed invoices' total, before credits: `invoices_total` minus every `credits` amount is `balance`. */
  readonly invoices_total: TemplateMoney;
  /** Payments on account and credit notes deducted from what is asked, each with its date. */
  readonly credits: readonly TemplateCredit[];
  /** What the listed invoices leave to pay, after unapplied credit. */
  readonly balance: TemplateMoney;
  /**
   * The earlier contacts of this case that really went out (Relance's and those logged by a
   * person), oldest first, one per day: what "despite our reminders of …" may cite. Empty on a
   * first contact, so no message claims a reminder that never went out.
   */
  readonly past_contacts: readonly TemplatePastContact[];
  /** The day a formal notice of this case went out; null when none did. */
  readonly formal_notice_date: PlainDate | null;
  /** A payment plan's instalment coming due, for its reminder; null in every other message. */
  readonly instalment: { readonly number: number; readonly count: number; readonly due_date: PlainDate; readonly amount: TemplateMoney } | null;
  readonly late_fees: TemplateLateFees | null;
  /**
   * Where and how to pay by transfer: the IBAN in groups of four, the account holder as
   * beneficiary. Null while the organization has no bank details: templates leave the bank
   * block out (`{% if payment %}`) rather than print "IBAN :" with nothing after it.
   */
  readonly payment: {
    readonly beneficiary: string;
    readonly iban: string;
    readonly bic: string;
    /** The listed invoice's payment reference when the message lists one; the customer's number when it lists several. */
    readonly reference: string;
    /**
     * The image of the EPC QR code a banking app pays from (IBAN, amount, reference): `cid:…` in
     * an email's HTML, '' when the message can carry none (not in euros, or nothing to pay).
     */
    readonly qr_code: string;
  } | null;
  /** The customer's own page: see what is owed, pay, promise, dispute. */
  readonly portal_url: string;
  /** Set when reminders resume because a promise to pay or a payment plan was not kept, so the message can say so. */
  readonly resumed_after: { readonly kind: 'broken_promise' | 'broken_payment_plan'; readonly date: PlainDate } | null;
}

/** The days overdue and the days left before the due date, neither ever negative. */
export function dueDistance(daysOverdue: number): { days_overdue: number; days_until_due: number } {
  return { days_overdue: Math.max(0, daysOverdue), days_until_due: Math.max(0, -daysOverdue) };
}

/** The ways to reach the sender that are set, on one line. */
export function contactLine(email: string, phone: string): string {
  return [email, phone].filter((part) => part.trim() !== '').join(' · ');
}

/**
 * A complete, realistic context: for previews in the editor and for checking a template when
 * it is saved (a missing variable shows up here, before any customer sees it).
 */
export function sampleTemplateContext(language: MessageLanguage, options: { withLateFees?: boolean; withoutBankDetails?: boolean } = {}): TemplateContext {
  const eur = (minor: number): TemplateMoney => ({ minor, currency: 'EUR' });
  return {
    language,
    today: '2025-05-16' as PlainDate,
    pay_by: '2025-05-26' as PlainDate,
    pay_within_days: 10,
    customer: { name: 'Boulangerie Martin & Fils SARL', number: 'C-00042' },
    organization: { name: 'Atelier Durand SAS', address: '12 rue des Tanneurs, 69002 Lyon', email: 'compta@atelier-durand.example', phone: '+33 4 72 00 00 00' },
    sender: { name: 'Claire Dubois', title: 'Credit manager', email: 'claire.dubois@atelier-durand.example', phone: '+33 4 72 00 00 01', contact: contactLine('claire.dubois@atelier-durand.example', '+33 4 72 00 00 01') },
    invoices: [
      { number: 'F-2025-0456', issue_date: '2025-04-01' as PlainDate, due_date: '2025-05-01' as PlainDate, days_overdue: 15, days_until_due: 0, open: eur(123_456), payment_reference: 'RF18 5390 0754 7034' },
      { number: 'F-2025-0471', issue_date: '2025-04-08' as PlainDate, due_date: '2025-05-08' as PlainDate, days_overdue: 8, days_until_due: 0, open: eur(48_000), payment_reference: 'RF88 5390 0754 7035' },
    ],
    coming_due: [{ number: 'F-2025-0502', issue_date: '2025-04-20' as PlainDate, due_date: '2025-05-20' as PlainDate, days_overdue: 0, days_until_due: 4, open: eur(36_000), payment_reference: 'RF61 5390 0754 7036' }],
    invoices_total: eur(196_456),
    credits: [{ kind: 'payment', reference: 'VIR-2025-0311', date: '2025-05-09' as PlainDate, amount: eur(25_000) }],
    balance: eur(171_456),
    past_contacts: [{ date: '2025-05-04' as PlainDate, kind: 'reminder' }],
    formal_notice_date: null,
    instalment: { number: 2, count: 3, due_date: '2025-05-20' as PlainDate, amount: eur(57_152) },
    late_fees: options.withLateFees
      ? {
          law: 'fr',
          interest: eur(812),
          interest_complete: true,
          missing_period: '',
          rates: [{ period: halfYearLabel({ year: 2025, half: 1 }, language), percent: formatPercentForLanguage('13.15', language) }],
          indemnity: eur(8_000),
          indemnity_per_invoice: eur(4_000),
          total: eur(8_812),
          amount_due: eur(180_268),
        }
      : null,
    payment: options.withoutBankDetails ? null : { beneficiary: 'Atelier Durand SAS', iban: 'FR76 3000 6000 0112 3456 7890 189', bic: 'AGRIFRPP', reference: 'C-00042', qr_code: 'cid:payment-qr@relance' },
    portal_url: 'https://pay.atelier-durand.example/c/8f3a2b',
    resumed_after: null,
  };
}
