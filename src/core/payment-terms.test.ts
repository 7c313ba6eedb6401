import { describe, expect, it } from 'vitest';
import { checkLegalCap, checkStandingTermsCap, computeDueDate, dueDateFor, parsePaymentTerms, type PaymentTerms } from './payment-terms.js';
import type { PlainDate } from './plain-date.js';

const d = (s: string) => s as PlainDate;
const due = (terms: string, issued: string) => computeDueDate(parsePaymentTerms(terms)!, d(issued));

describe('payment terms', () => {
  it('computes due dates for net, days end of month, end of month plus and on receipt', () => {
    expect(due('net 30', '2025-01-31')).toBe('2025-03-02');
    expect(due('30 jours', '2024-01-31')).toBe('2024-03-01');
    expect(due('45 eom', '2025-01-20')).toBe('2025-03-31');
    expect(due('45 jours fin de mois', '2025-01-10')).toBe('2025-02-28');
    expect(due('eom + 10', '2025-01-20')).toBe('2025-02-10');
    expect(due('fin de mois + 15', '2025-02-03')).toBe('2025-03-15');
    expect(due('à réception', '2025-05-05')).toBe('2025-05-05');
  });

  it('does not read nonsense as terms', () => {
    expect(parsePaymentTerms('soon')).toBeNull();
    expect(parsePaymentTerms('net -5')).toBeNull();
  });

  it('warns when terms exceed the legal cap of the creditor country', () => {
    const net = (days: number): PaymentTerms => ({ kind: 'net', days });
    expect(checkLegalCap('FR', net(60), d('2025-01-15'))).toBeNull();
    // 45 days end of month from 15 January is 31 March (75 days): allowed in France.
    expect(checkLegalCap('FR', { kind: 'days_end_of_month', days: 45 }, d('2025-01-15'))).toBeNull();
    expect(checkLegalCap('FR', net(90), d('2025-01-15'))?.message).toMatch(/French cap/);
    expect(checkLegalCap('BE', net(61), d('2025-01-15'))?.capDays).toBe(60);
    expect(checkLegalCap('BE', { kind: 'days_end_of_month', days: 45 }, d('2025-01-15'))).not.toBeNull();
    expect(checkLegalCap('DE', net(75), d('2025-01-15'))?.message).toMatch(/expressly agreed/);
    expect(checkLegalCap('DE', net(30), d('2025-01-15'))).toBeNull();
  });

  it("warns about a customer's end-of-month terms when some invoice dates would take them past the cap", () => {
    const thirtyOneEom = parsePaymentTerms('31 eom')!;
    // From 31 March: 1 May, then end of May, 61 days.
    expect(checkStandingTermsCap('BE', thirtyOneEom)?.termDays).toBe(61);
    expect(checkStandingTermsCap('DE', thirtyOneEom)?.message).toMatch(/expressly agreed/);
    expect(checkStandingTermsCap('FR', thirtyOneEom)).toBeNull();
    expect(checkStandingTermsCap('BE', parsePaymentTerms('net 60')!)).toBeNull();
  });

  it("dates an invoice by its own terms, else its customer's, else the organization's, and names unreadable terms", () => {
    const issued = d('2025-01-15');
    expect(dueDateFor(issued, { invoice: 'net 10', customer: 'net 60', organization: 'net 30' })).toMatchObject({ dueDate: '2025-01-25', from: 'invoice' });
    expect(dueDateFor(issued, { invoice: null, customer: 'net 60', organization: 'net 30' })).toMatchObject({ dueDate: '2025-03-16', from: 'customer' });
    expect(dueDateFor(issued, { customer: null, organization: 'eom + 10' })).toMatchObject({ dueDate: '2025-02-10', from: 'organization' });
    expect(() => dueDateFor(issued, { customer: 'someday', organization: 'net 30' })).toThrow(expect.objectContaining({ place: { field: 'customer.payment_terms' } }));
  });
});
