import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/app-error.js';
import { computeDueDate, requirePaymentTerms } from '../../core/payment-terms.js';
import { addMonths, daysBetween, type PlainDate } from '../../core/plain-date.js';
import { hasValidLuhnDigit } from './company-identifiers.js';
import { DEMO_SALES_EMAILS } from './demo-organization.js';
import {
  generateLedger,
  type DemoCreditNote,
  type DemoCustomer,
  type DemoInvoice,
  type DemoOptions,
  type DemoPayment,
  type DemoRecord,
} from './generate-ledger.js';

const AS_OF = '2025-06-30' as PlainDate;
const STANDARD: DemoOptions = { customers: 300, invoices: 5000, seed: 1, asOf: AS_OF };

function hashOf(records: Iterable<DemoRecord>): string {
  const hash = createHash('sha256');
  for (const record of records) hash.update(`${JSON.stringify(record)}\n`);
  return hash.digest('hex');
}

interface InvoiceFate {
  invoice: DemoInvoice;
  allocated: number;
  credited: number;
  paymentAllocations: number;
  /** Day the allocations reached the invoice amount, if they did. */
  settledOn: PlainDate | null;
}

/** Reads a generated ledger back the way a credit manager would look at it. */
function analyse(options: DemoOptions) {
  const customers: DemoCustomer[] = [];
  const fates = new Map<string, InvoiceFate>();
  const payments = new Map<string, DemoPayment & { allocated: number; allocatedTo: string[] }>();
  const creditNotes = new Map<string, DemoCreditNote & { allocated: number }>();
  const disputes: string[] = [];
  const customerOf = new Map<string, string>();
  for (const record of generateLedger(options).records()) {
    switch (record.kind) {
      case 'customer':
        customers.push(record);
        break;
      case 'invoice':
        fates.set(record.number, { invoice: record, allocated: 0, credited: 0, paymentAllocations: 0, settledOn: null });
        customerOf.set(record.number, record.customer);
        break;
      case 'payment':
        payments.set(record.reference, { ...record, allocated: 0, allocatedTo: [] });
        break;
      case 'credit_note':
        creditNotes.set(record.number, { ...record, allocated: 0 });
        break;
      case 'allocation': {
        const fate = fates.get(record.invoice)!;
        fate.allocated += record.amountMinor;
        if (fate.allocated === fate.invoice.amountMinor) fate.settledOn = record.allocatedOn;
        if (record.payment) {
          const payment = payments.get(record.payment)!;
          payment.allocated += record.amountMinor;
          payment.allocatedTo.push(record.invoice);
          fate.paymentAllocations += 1;
        }
        if (record.creditNote) {
          creditNotes.get(record.creditNote)!.allocated += record.amountMinor;
          fate.credited += record.amountMinor;
        }
        break;
      }
      case 'dispute_candidate':
        disputes.push(record.invoice);
        break;
    }
  }
  return { customers, fates, payments, creditNotes, disputes, customerOf };
}

describe('demo ledger generator', () => {
  it('gives the same records for the same seed, and other records for another seed', () => {
    const ledger = generateLedger(STANDARD);
    const first = hashOf(ledger.records());
    expect(hashOf(ledger.records())).toBe(first);
    expect(hashOf(generateLedger({ ...STANDARD }).records())).toBe(first);
    expect(hashOf(generateLedger({ ...STANDARD, seed: 2 }).records())).not.toBe(first);
    expect(hashOf(generateLedger({ ...STANDARD, asOf: '2025-07-01' as PlainDate }).records())).not.toBe(first);
  });

  it('makes exactly the customers and invoices asked for, with unique references and numbers', () => {
    const { customers, fates, payments, creditNotes } = analyse(STANDARD);
    expect(customers).toHaveLength(300);
    expect(fates.size).toBe(5000);
    expect(new Set(customers.map((c) => c.reference)).size).toBe(300);
    expect(customers[0]!.reference).toBe('C00001');
    expect(payments.size).toBeGreaterThan(0);
    expect(creditNotes.size).toBeGreaterThan(0);
    // Maps keyed by number: a duplicate would have shrunk them below the record count.
    let paymentRecords = 0;
    let creditRecords = 0;
    for (const r of generateLedger(STANDARD).records()) {
      if (r.kind === 'payment') paymentRecords += 1;
      if (r.kind === 'credit_note') creditRecords += 1;
    }
    expect(payments.size).toBe(paymentRecords);
    expect(creditNotes.size).toBe(creditRecords);
  });

  it('spreads invoices over the 18 months before the as-of date, due as their terms say, 200 € to 50,000 €', () => {
    const { customers, fates } = analyse(STANDARD);
    const termsOf = new Map(customers.map((c) => [c.reference, c.paymentTerms]));
    const earliest = addMonths(AS_OF, -18);
    const months = new Set<string>();
    for (const { invoice } of fates.values()) {
      expect(invoice.issueDate > earliest && invoice.issueDate <= AS_OF).toBe(true);
      expect(invoice.paymentTerms).toBe(termsOf.get(invoice.customer));
      expect(invoice.dueDate).toBe(computeDueDate(requirePaymentTerms(invoice.paymentTerms), invoice.issueDate));
      expect(invoice.amountMinor).toBeGreaterThanOrEqual(200_00);
      expect(invoice.amountMinor).toBeLessThanOrEqual(50_000_00);
      expect(invoice.number.startsWith(`F${invoice.issueDate.slice(0, 7)}-`)).toBe(true);
      months.add(invoice.issueDate.slice(0, 7));
    }
    expect(months.size).toBeGreaterThanOrEqual(18);
  });

  it('never allocates more than an invoice, a payment or a credit note holds, nor across customers or before the document exists', () => {
    const { fates, payments, creditNotes, customerOf } = analyse(STANDARD);
    for (const fate of fates.values()) expect(fate.allocated).toBeLessThanOrEqual(fate.invoice.amountMinor);
    for (const p of payments.values()) {
      expect(p.allocated).toBeLessThanOrEqual(p.amountMinor);
      expect(p.receivedOn <= AS_OF).toBe(true);
      expect(p.invoices).toEqual(p.allocatedTo);
      for (const number of p.allocatedTo) {
        expect(customerOf.get(number)).toBe(p.customer);
        expect(fates.get(number)!.invoice.issueDate <= p.receivedOn).toBe(true);
      }
    }
    for (const c of creditNotes.values()) {
      expect(c.allocated).toBeLessThanOrEqual(c.amountMinor);
      expect(c.issueDate <= AS_OF).toBe(true);
      if (c.invoice) expect(customerOf.get(c.invoice)).toBe(c.customer);
    }
  });

  it('has about one invoice in three paid late and about one late invoice in ten over 90 days late', () => {
    for (const seed of [1, 2, 3]) {
      const { fates } = analyse({ ...STANDARD, seed });
      let decided = 0;
      let late = 0;
      let over90 = 0;
      for (const fate of fates.values()) {
        if (fate.credited === fate.invoice.amountMinor) continue;
        // Invoices due 150+ days ago: their fate is known, paid or still open long past due.
        if (daysBetween(fate.invoice.dueDate, AS_OF) < 150) continue;
        decided += 1;
        const daysLate = fate.settledOn === null ? Infinity : daysBetween(fate.invoice.dueDate, fate.settledOn);
        if (daysLate > 0) late += 1;
        if (daysLate > 90) over90 += 1;
      }
      expect(decided).toBeGreaterThan(2000);
      expect(late / decided).toBeGreaterThan(0.27);
      expect(late / decided).toBeLessThan(0.4);
      expect(over90 / late).toBeGreaterThan(0.06);
      expect(over90 / late).toBeLessThan(0.16);
    }
  });

  it('includes partial payments, payment runs, over-payments, credit notes and disputes to be', () => {
    const { fates, payments, creditNotes, disputes } = analyse(STANDARD);
    const all = [...fates.values()];
    expect(all.filter((f) => f.paymentAllocations >= 2).length).toBeGreaterThan(50);
    expect(all.filter((f) => f.paymentAllocations >= 1 && f.allocated < f.invoice.amountMinor).length).toBeGreaterThan(0);
    expect([...payments.values()].filter((p) => p.invoices.length >= 2).length).toBeGreaterThan(10);
    expect([...payments.values()].filter((p) => p.amountMinor > p.allocated).length).toBeGreaterThan(10);
    const notes = [...creditNotes.values()];
    expect(notes.filter((c) => c.allocated === c.amountMinor && c.invoice !== null).length).toBeGreaterThan(20);
    expect(notes.filter((c) => c.allocated === 0 && c.invoice === null).length).toBeGreaterThan(10);
    expect(disputes.length).toBeGreaterThan(20);
    for (const number of disputes) {
      const fate = fates.get(number)!;
      expect(fate.allocated).toBe(0);
      expect(daysBetween(fate.invoice.dueDate, AS_OF)).toBeGreaterThanOrEqual(60);
    }
  });

  it('leaves most invoices not yet due open, and makes chronically late customers pay later than prompt ones', () => {
    const { customers, fates } = analyse(STANDARD);
    const notDue = [...fates.values()].filter((f) => f.invoice.dueDate > AS_OF);
    expect(notDue.filter((f) => f.allocated < f.invoice.amountMinor).length / notDue.length).toBeGreaterThan(0.7);
    const behaviour = new Map(customers.map((c) => [c.reference, c.paymentBehaviour]));
    const lateShare = (kind: string) => {
      const paid = [...fates.values()].filter((f) => behaviour.get(f.invoice.customer) === kind && f.settledOn !== null && f.credited === 0);
      return paid.filter((f) => f.settledOn! > f.invoice.dueDate).length / paid.length;
    };
    expect(customers.some((c) => c.paymentBehaviour === 'chronic_late')).toBe(true);
    expect(lateShare('chronic_late')).toBeGreaterThan(2 * lateShare('prompt'));
  });

  it('describes customers as an accounts receivable file would: ids, language, segment, owner, terms, contacts', () => {
    const { customers } = analyse({ ...STANDARD, customers: 1000, invoices: 1000 });
    const share = (test: (c: DemoCustomer) => boolean) => customers.filter(test).length / customers.length;
    expect(share((c) => c.language === 'fr')).toBeGreaterThan(0.8);
    expect(share((c) => c.country === 'BE')).toBeGreaterThan(0.03);
    expect(share((c) => c.paymentTerms === 'net 30')).toBeGreaterThan(0.5);
    expect(new Set(customers.map((c) => c.paymentTerms))).toEqual(new Set(['net 30', '45 eom', 'net 60', 'eom + 10', 'on receipt']));
    expect(new Set(customers.map((c) => c.segment))).toEqual(new Set(['TPE', 'PME', 'Grand compte', 'Public']));
    expect(share((c) => c.contacts.length === 2)).toBeGreaterThan(0.1);
    for (const c of customers) {
      expect(DEMO_SALES_EMAILS).toContain(c.accountOwner);
      const payable = c.contacts.find((x) => x.role === 'accounts_payable')!;
      expect(payable.email).toMatch(/^[a-z0-9.-]+@[a-z0-9-]+\.example$/);
      expect(payable.address).toBeTruthy();
      if (c.country === 'FR') {
        expect(hasValidLuhnDigit(c.registrationId)).toBe(true);
        expect(c.vatId).toMatch(new RegExp(`^FR\\d{2}${c.registrationId}$`));
      } else {
        expect(['nl', 'fr']).toContain(c.language);
        expect(c.vatId).toBe(`BE${c.registrationId}`);
        expect(Number(c.registrationId.slice(0, 8)) % 97).toBe(97 - Number(c.registrationId.slice(8)));
      }
    }
    expect(customers.some((c) => c.name.startsWith('Boulangerie ') || c.name.startsWith('Transports '))).toBe(true);
  });

  it('refuses a demo without customers or with a seed out of range', () => {
    expect(() => generateLedger({ ...STANDARD, customers: 0 })).toThrow(AppError);
    expect(() => generateLedger({ ...STANDARD, seed: -1 })).toThrow(/seed/);
  });
});
