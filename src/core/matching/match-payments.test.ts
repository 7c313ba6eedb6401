import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../app/demo/seeded-random.js';
import { makeCreditorReference } from '../payments/payment-reference.js';
import type { PlainDate } from '../plain-date.js';
import { matchPayments, type LineMatch, type MatchableCustomer, type MatchableInvoice, type MatchInput, type StatementCredit } from './match-payments.js';
import { findSubsetSum } from './subset-sum.js';

function invoice(id: string, customerId: string, number: string, openMinor: number, more: Partial<MatchableInvoice> = {}): MatchableInvoice {
  return { id, customerId, number, openMinor, currency: 'EUR', dueDate: '2025-01-31' as PlainDate, paymentReference: null, ...more };
}

function customer(id: string, name: string, payerIbans: string[] = []): MatchableCustomer {
  return { id, name, payerIbans };
}

function credit(id: string, amountMinor: number, more: Partial<StatementCredit> = {}): StatementCredit {
  return {
    id,
    amountMinor,
    currency: 'EUR',
    bookingDate: '2025-03-03' as PlainDate,
    payerName: null,
    payerIban: null,
    structuredReference: null,
    endToEndId: null,
    remittance: null,
    ...more,
  };
}

const DUPONT = customer('c-dupont', 'Dupont & Fils SARL', ['BE68 5390 0754 7034']);
const MARTIN = customer('c-martin', 'Garage Martin SA');
const LEROY = customer('c-leroy', 'Leroy Transports');

function only(input: MatchInput): LineMatch {
  const [decision] = matchPayments(input);
  return decision!;
}

function matched(decision: LineMatch): Extract<LineMatch, { status: 'matched' }> {
  if (decision.status !== 'matched') throw new Error(`expected a match, got ${JSON.stringify(decision)}`);
  return decision;
}

function suggested(decision: LineMatch): Extract<LineMatch, { status: 'suggested' }> {
  if (decision.status !== 'suggested') throw new Error(`expected suggestions, got ${JSON.stringify(decision)}`);
  return decision;
}

describe('matching statement credits to open invoices', () => {
  it('applies a payment carrying an invoice\'s structured reference to that invoice', () => {
    const decision = matched(
      only({
        customers: [DUPONT, MARTIN],
        invoices: [invoice('i1', 'c-dupont', 'FA-1', 12_000, { paymentReference: '010806817183' }), invoice('i2', 'c-martin', 'FA-2', 12_000)],
        lines: [credit('l1', 12_000, { structuredReference: '+++010/8068/17183+++', payerName: 'Garage Martin' })],
      }),
    );
    expect(decision).toMatchObject({ customerId: 'c-dupont', allocations: [{ invoiceId: 'i1', amountMinor: 12_000 }], onAccountMinor: 0, confidence: 100 });
    expect(decision.reason.en).toContain('structured reference of invoice FA-1');
    expect(decision.reason.fr).toContain('de la facture FA-1');
  });

  it('finds an RF reference typed in the message', () => {
    const reference = makeCreditorReference('4711');
    const decision = matched(
      only({
        customers: [DUPONT],
        invoices: [invoice('i1', 'c-dupont', 'FA-1', 5_000, { paymentReference: reference })],
        lines: [credit('l1', 5_000, { remittance: `Payment ${reference.slice(0, 4)} ${reference.slice(4)} thanks` })],
      }),
    );
    expect(decision.allocations).toEqual([{ invoiceId: 'i1', amountMinor: 5_000 }]);
    expect(decision.reason.clue).toBe('reference_in_text');
  });

  it('does not trust a reference whose check digits fail', () => {
    const decision = only({
      customers: [DUPONT],
      // Stored with a wrong check (an old import): a payment quoting it is not matched by it.
      invoices: [invoice('i1', 'c-dupont', 'FA-1', 5_000, { paymentReference: '010806817184' })],
      lines: [credit('l1', 5_000, { structuredReference: '010806817184' })],
    });
    expect(decision.status).toBe('unmatched');
  });

  it('applies a payment whose message names the invoice, written the payer\'s way', () => {
    for (const remittance of ['fa 2025 12', 'Facture FA2025-0012', 'INV 2025/12 merci']) {
      const decision = matched(
        only({
          customers: [DUPONT, MARTIN],
          invoices: [invoice('i1', 'c-dupont', 'FA-2025-0012', 30_000), invoice('i2', 'c-martin', 'FA-2025-0120', 30_000)],
          lines: [credit('l1', 30_000, { remittance })],
        }),
      );
      expect(decision.allocations).toEqual([{ invoiceId: 'i1', amountMinor: 30_000 }]);
      expect(decision.reason.en).toContain('names invoice FA-2025-0012');
    }
  });

  it('does not take invoice 12 for a message naming 123 or 2012', () => {
    const input = (remittance: string): MatchInput => ({
      customers: [DUPONT],
      invoices: [invoice('i1', 'c-dupont', '12', 7_000)],
      lines: [credit('l1', 7_000, { remittance })],
    });
    expect(only(input('Facture 123')).status).toBe('unmatched');
    expect(only(input('Facture 2012')).status).toBe('unmatched');
    expect(matched(only(input('Facture n° 12'))).allocations).toEqual([{ invoiceId: 'i1', amountMinor: 7_000 }]);
  });

  it('applies a payment from an account known for the customer with an invoice\'s exact amount', () => {
    const decision = matched(
      only({
        customers: [DUPONT, MARTIN],
        invoices: [invoice('i1', 'c-dupont', 'FA-1', 8_000), invoice('i2', 'c-dupont', 'FA-2', 4_500), invoice('i3', 'c-martin', 'FA-3', 4_500)],
        lines: [credit('l1', 4_500, { payerIban: 'be68539007547034' })],
      }),
    );
    expect(decision).toMatchObject({ customerId: 'c-dupont', allocations: [{ invoiceId: 'i2', amountMinor: 4_500 }], reason: { clue: 'payer_iban' } });
  });

  it('applies a payment by the payer\'s name and an exact amount when only one customer fits', () => {
    const decision = matched(
      only({
        customers: [DUPONT, MARTIN],
        invoices: [invoice('i1', 'c-dupont', 'FA-1', 8_000), invoice('i2', 'c-martin', 'FA-2', 8_000)],
        lines: [credit('l1', 8_000, { payerName: 'SARL DUPONT ET FILS' })],
      }),
    );
    expect(decision.customerId).toBe('c-dupont');
    expect(decision.reason.en).toContain('SARL DUPONT ET FILS');
  });

  it('leaves the choice to a person when two customers of the same name owe the same amount', () => {
    const decision = suggested(
      only({
        customers: [customer('a', 'Boulangerie Petit'), customer('b', 'Boulangerie Petit SARL')],
        invoices: [invoice('i1', 'a', 'FA-1', 6_000), invoice('i2', 'b', 'FA-2', 6_000)],
        lines: [credit('l1', 6_000, { payerName: 'BOULANGERIE PETIT' })],
      }),
    );
    expect(decision.suggestions.map((suggestion) => suggestion.customerId).sort()).toEqual(['a', 'b']);
    expect(decision.suggestions.every((suggestion) => suggestion.confidence < 90)).toBe(true);
    expect(decision.note?.en).toContain('Several customers');
  });

  it('does not apply a payment by a name two customers bear, even when only one of them owes the amount', () => {
    const decision = suggested(
      only({
        customers: [customer('a', 'Transports Lura SAS'), customer('b', 'Transports Lura EURL')],
        invoices: [invoice('i1', 'b', 'FA-1', 500)],
        lines: [credit('l1', 500, { payerName: 'TRANSPORTS LURA SAS' })],
      }),
    );
    expect(decision.suggestions[0]).toMatchObject({ customerId: 'b', allocations: [{ invoiceId: 'i1', amountMinor: 500 }] });
  });

  it('pays part of an invoice, and a later line pays the rest', () => {
    const decisions = matchPayments({
      customers: [DUPONT],
      invoices: [invoice('i1', 'c-dupont', 'FA-2025-0777', 10_000)],
      lines: [
        credit('first', 4_000, { remittance: 'FA-2025-0777 acompte', bookingDate: '2025-03-01' as PlainDate }),
        credit('second', 6_000, { remittance: 'solde FA-2025-0777', bookingDate: '2025-03-02' as PlainDate }),
      ],
    });
    expect(matched(decisions[0]!)).toMatchObject({ allocations: [{ invoiceId: 'i1', amountMinor: 4_000 }], onAccountMinor: 0, reason: { fit: 'partial' } });
    expect(matched(decisions[1]!)).toMatchObject({ allocations: [{ invoiceId: 'i1', amountMinor: 6_000 }], onAccountMinor: 0, reason: { fit: 'exact' } });
  });

  it('keeps what a payment brings beyond the invoice on the customer\'s account', () => {
    const decision = matched(
      only({
        customers: [DUPONT],
        invoices: [invoice('i1', 'c-dupont', 'FA-1', 10_000, { paymentReference: '010806817183' })],
        lines: [credit('l1', 12_500, { structuredReference: '010806817183' })],
      }),
    );
    expect(decision).toMatchObject({ allocations: [{ invoiceId: 'i1', amountMinor: 10_000 }], onAccountMinor: 2_500, reason: { fit: 'over' } });
  });

  it('finds the invoices of a known payer that add up to the amount, oldest first', () => {
    const decision = matched(
      only({
        customers: [DUPONT],
        invoices: [
          invoice('new', 'c-dupont', 'FA-9', 3_000, { dueDate: '2025-03-31' as PlainDate }),
          invoice('old', 'c-dupont', 'FA-5', 1_200, { dueDate: '2025-01-31' as PlainDate }),
          invoice('mid', 'c-dupont', 'FA-7', 1_800, { dueDate: '2025-02-28' as PlainDate }),
        ],
        lines: [credit('l1', 3_000 + 1_800, { payerIban: 'BE68 5390 0754 7034' })],
      }),
    );
    expect(decision.reason.fit).toBe('adds_up');
    expect(decision.allocations.map((allocation) => allocation.invoiceId).sort()).toEqual(['mid', 'new']);
  });

  it('bounds the search for invoices adding up, and says when several sets fit', () => {
    expect(findSubsetSum([100, 200, 300, 400], 500)).toEqual({ indexes: [0, 3], unique: false });
    expect(findSubsetSum([100, 250, 400], 650)).toEqual({ indexes: [1, 2], unique: true });
    expect(findSubsetSum([100, 200], 301)).toBeNull();
    // At most six invoices per payment, among the 24 oldest.
    expect(findSubsetSum(new Array<number>(200).fill(1), 7)).toBeNull();
    expect(findSubsetSum([...new Array<number>(30).fill(1_000_000), 100, 200], 300)).toBeNull();
  });

  it('never lets two payments take the same open amount', () => {
    const decisions = matchPayments({
      customers: [DUPONT],
      invoices: [invoice('i1', 'c-dupont', 'FA-1', 5_000)],
      lines: [credit('l1', 5_000, { payerIban: 'BE68539007547034' }), credit('l2', 5_000, { payerIban: 'BE68539007547034' })],
    });
    expect(matched(decisions[0]!).allocations).toEqual([{ invoiceId: 'i1', amountMinor: 5_000 }]);
    const second = suggested(decisions[1]!);
    expect(second.suggestions[0]).toMatchObject({ allocations: [], onAccountMinor: 5_000, reason: { fit: 'on_account' } });
  });

  it('gives an invoice to the payment quoting its reference before one that only has its amount', () => {
    const decisions = matchPayments({
      customers: [DUPONT],
      invoices: [invoice('i1', 'c-dupont', 'FA-1', 5_000, { paymentReference: '010806817183' })],
      lines: [
        credit('by-amount', 5_000, { payerIban: 'BE68539007547034', bookingDate: '2025-03-01' as PlainDate }),
        credit('by-reference', 5_000, { structuredReference: '+++010/8068/17183+++', bookingDate: '2025-03-05' as PlainDate }),
      ],
    });
    expect(matched(decisions[1]!).allocations).toEqual([{ invoiceId: 'i1', amountMinor: 5_000 }]);
    expect(decisions[0]!.status).toBe('suggested');
  });

  it('leaves the choice to a person when the number named belongs to two customers\' invoices', () => {
    const decision = suggested(
      only({
        customers: [DUPONT, MARTIN],
        invoices: [invoice('i1', 'c-dupont', 'FA-0457', 3_000), invoice('i2', 'c-martin', 'AV-457', 3_000)],
        lines: [credit('l1', 3_000, { remittance: 'facture 457' })],
      }),
    );
    expect(decision.suggestions.map((suggestion) => suggestion.customerId).sort()).toEqual(['c-dupont', 'c-martin']);
  });

  it('suggests paying a known payer\'s oldest invoices first when the amount fits none, the rest on account', () => {
    const decision = suggested(
      only({
        customers: [DUPONT],
        invoices: [invoice('late', 'c-dupont', 'FA-2', 2_000, { dueDate: '2025-02-28' as PlainDate }), invoice('early', 'c-dupont', 'FA-1', 1_000, { dueDate: '2025-01-31' as PlainDate })],
        lines: [credit('l1', 3_700, { payerIban: 'BE68 5390 0754 7034' })],
      }),
    );
    expect(decision.suggestions[0]).toMatchObject({
      customerId: 'c-dupont',
      allocations: [
        { invoiceId: 'early', amountMinor: 1_000 },
        { invoiceId: 'late', amountMinor: 2_000 },
      ],
      onAccountMinor: 700,
      reason: { fit: 'oldest_first' },
    });
    expect(decision.suggestions[0]!.confidence).toBeLessThan(90);
    expect(decision.suggestions[0]!.reason.fr).toContain('les plus anciennes (FA-1 et FA-2)');
  });

  it('applies less certain clues when the organization lowers the threshold', () => {
    const input: MatchInput = {
      customers: [DUPONT],
      invoices: [invoice('i1', 'c-dupont', 'FA-1', 8_000)],
      lines: [credit('l1', 8_000, { payerName: 'DUPONT ET FILZ' })],
    };
    expect(only(input).status).toBe('suggested');
    expect(matchPayments(input, { threshold: 80 })[0]).toMatchObject({ status: 'matched', customerId: 'c-dupont' });
  });

  it('finds the invoice of the exact amount among a large customer\'s hundreds of open invoices', () => {
    const invoices = Array.from({ length: 300 }, (_, i) => invoice(`big-${i}`, 'c-dupont', `FA-${10_000 + i}`, 1_000 + i));
    const decisions = matchPayments({
      customers: [DUPONT],
      invoices,
      lines: [
        credit('l1', 1_007, { payerIban: 'BE68539007547034', bookingDate: '2025-03-01' as PlainDate }),
        credit('l2', 1_250, { payerIban: 'BE68539007547034', bookingDate: '2025-03-02' as PlainDate }),
        // Pays 400 of FA-10299, leaving 899 open: the next credit pays exactly that.
        credit('l3', 400, { remittance: 'acompte FA-10299', bookingDate: '2025-03-03' as PlainDate }),
        credit('l4', 899, { payerIban: 'BE68539007547034', bookingDate: '2025-03-04' as PlainDate }),
      ],
    });
    expect(decisions.map((decision) => matched(decision).allocations)).toEqual([
      [{ invoiceId: 'big-7', amountMinor: 1_007 }],
      [{ invoiceId: 'big-250', amountMinor: 1_250 }],
      [{ invoiceId: 'big-299', amountMinor: 400 }],
      [{ invoiceId: 'big-299', amountMinor: 899 }],
    ]);
  });

  it('matches nothing in another currency', () => {
    const decision = only({
      customers: [DUPONT],
      invoices: [invoice('i1', 'c-dupont', 'FA-1', 5_000, { paymentReference: '010806817183' })],
      lines: [credit('l1', 5_000, { currency: 'USD', structuredReference: '010806817183' })],
    });
    expect(decision.status).toBe('unmatched');
  });

  it('leaves a payment from a stranger unmatched', () => {
    const decision = only({ customers: [DUPONT, MARTIN, LEROY], invoices: [invoice('i1', 'c-dupont', 'FA-1', 5_000)], lines: [credit('l1', 5_000, { payerName: 'Someone Else' })] });
    expect(decision).toEqual({ lineId: 'l1', status: 'unmatched' });
  });

  it('decides the same whatever order the invoices and customers come in', () => {
    const input = randomLedger(7);
    const shuffled: MatchInput = { ...input, invoices: [...input.invoices].reverse(), customers: [...input.customers].reverse() };
    const decisions = JSON.stringify(matchPayments(input));
    expect(JSON.stringify(matchPayments(shuffled))).toBe(decisions);
    // The reasons' sentences are part of what is written out.
    expect(decisions).toContain('"en":"');
    expect(decisions).toContain('"fr":"');
  });

  it('never allocates more than is open, nor more than the payment brings (seeded ledgers)', () => {
    for (let seed = 1; seed <= 25; seed += 1) {
      const input = randomLedger(seed);
      const open = new Map(input.invoices.map((item) => [item.id, item.openMinor]));
      const amounts = new Map(input.lines.map((line) => [line.id, line.amountMinor]));
      const taken = new Map<string, number>();
      const decisions = matchPayments(input);
      let matchedCount = 0;
      for (const decision of decisions) {
        const proposals = decision.status === 'matched' ? [decision] : decision.status === 'suggested' ? decision.suggestions : [];
        for (const proposal of proposals) {
          const allocated = proposal.allocations.reduce((sum, allocation) => sum + allocation.amountMinor, 0);
          expect(allocated + proposal.onAccountMinor).toBe(amounts.get(decision.lineId));
          expect(proposal.onAccountMinor).toBeGreaterThanOrEqual(0);
          for (const allocation of proposal.allocations) {
            expect(allocation.amountMinor).toBeGreaterThan(0);
            expect(allocation.amountMinor).toBeLessThanOrEqual(open.get(allocation.invoiceId)!);
          }
        }
        if (decision.status === 'matched') {
          matchedCount += 1;
          for (const allocation of decision.allocations) taken.set(allocation.invoiceId, (taken.get(allocation.invoiceId) ?? 0) + allocation.amountMinor);
        }
      }
      for (const [invoiceId, amount] of taken) expect(amount).toBeLessThanOrEqual(open.get(invoiceId)!);
      expect(matchedCount).toBeGreaterThan(0);
    }
  });
});

/** A small ledger and statement where lines often compete for the same invoices. */
function randomLedger(seed: number): MatchInput {
  const random = new SeededRandom(seed);
  const names = ['Dupont', 'Martin', 'Leroy', 'Petit', 'Moreau', 'Garage Central', 'Boulangerie Lefèvre'];
  const customers = names.map((name, index) => customer(`c${index}`, `${name} ${random.pick(['SARL', 'SA', ''])}`.trim(), random.chance(0.5) ? [`BE${String(10 + index)}5390075470${index}`] : []));
  const invoices: MatchableInvoice[] = [];
  for (let i = 0; i < 30; i += 1) {
    const owner = random.pick(customers);
    invoices.push(
      invoice(`i${i}`, owner.id, `FA-${random.int(1, 40)}`, random.pick([1_000, 2_500, 5_000, random.int(100, 20_000)]), {
        dueDate: `2025-0${random.int(1, 9)}-1${random.int(0, 9)}` as PlainDate,
        paymentReference: random.chance(0.3) ? makeCreditorReference(String(i + 1)) : null,
      }),
    );
  }
  const lines: StatementCredit[] = [];
  for (let i = 0; i < 40; i += 1) {
    const target = random.pick(invoices);
    const owner = customers.find((item) => item.id === target.customerId)!;
    lines.push(
      credit(`l${i}`, random.pick([target.openMinor, 1_000, 2_500, random.int(100, 30_000)]), {
        bookingDate: `2025-04-0${random.int(1, 9)}` as PlainDate,
        structuredReference: random.chance(0.3) ? target.paymentReference : null,
        remittance: random.chance(0.4) ? `facture ${target.number}` : null,
        payerName: random.chance(0.6) ? owner.name.toUpperCase() : null,
        payerIban: random.chance(0.5) ? (owner.payerIbans[0] ?? null) : null,
      }),
    );
  }
  return { customers, invoices, lines };
}
