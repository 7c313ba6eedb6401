import { describe, expect, it } from 'vitest';
import type { PlainDate } from '../plain-date.js';
import { latenessLikelihood, rankWorklist, type WorkCandidate } from './rank-worklist.js';

const work = (key: string, over: Partial<WorkCandidate> = {}): WorkCandidate => ({
  key,
  kind: 'approval',
  customerRef: `C-${key}`,
  amountMinor: 100_000,
  currency: 'EUR',
  daysLate: 10,
  dueOn: '2026-03-03' as PlainDate,
  history: { riskLevel: 'medium', invoicesConsidered: 10, lateCount: 5 },
  ...over,
});

describe('rankWorklist', () => {
  it('puts a large amount from a customer who usually pays late before a larger one from a punctual customer', () => {
    const punctual = work('punctual', { amountMinor: 1_000_000, history: { riskLevel: 'low', invoicesConsidered: 20, lateCount: 0 } });
    const late = work('late', { amountMinor: 420_000, history: { riskLevel: 'high', invoicesConsidered: 11, lateCount: 9 } });
    const ranked = rankWorklist([punctual, late]);
    expect(ranked.map((line) => line.work.key)).toEqual(['late', 'punctual']);
    expect(ranked[0]!.expectedMinor).toBe(Math.round(420_000 * 0.81));
    expect(ranked[1]!.expectedMinor).toBe(30_000);
  });

  it('explains the figure in both languages', () => {
    const [line] = rankWorklist([work('a', { amountMinor: 420_000, history: { riskLevel: 'high', invoicesConsidered: 11, lateCount: 9 } })]);
    expect(line!.explanation.en).toBe('€4,200.00 at stake × 81 % chance of paying late (9 of 11 invoices late) = €3,402.00 expected');
    expect(line!.explanation.fr.replace(/\s/g, ' ')).toBe('4 200,00 € en jeu × 81 % de risque de retard (9 factures en retard sur 11) = 3 402,00 € attendus');
  });

  it('judges a customer without history by its risk level alone', () => {
    expect(latenessLikelihood({ riskLevel: 'high', invoicesConsidered: 0, lateCount: 0 })).toBe(0.8);
    expect(latenessLikelihood({ riskLevel: 'low', invoicesConsidered: 0, lateCount: 0 })).toBe(0.2);
    // One late invoice out of one does not make a certainty.
    expect(latenessLikelihood({ riskLevel: 'medium', invoicesConsidered: 1, lateCount: 1 })).toBe(0.63);
    const [line] = rankWorklist([work('new', { history: { riskLevel: 'low', invoicesConsidered: 0, lateCount: 0 } })]);
    expect(line!.explanation.en).toContain('(no payment history yet, low risk)');
  });

  it('breaks ties by days late, then due date, then customer reference', () => {
    const ranked = rankWorklist([
      work('c', { customerRef: 'C-2', daysLate: 5 }),
      work('b', { customerRef: 'C-9', daysLate: 5, dueOn: '2026-03-01' as PlainDate }),
      work('a', { customerRef: 'C-1', daysLate: 5 }),
      work('d', { customerRef: 'C-0', daysLate: 30 }),
    ]);
    expect(ranked.map((line) => line.work.key)).toEqual(['d', 'b', 'a', 'c']);
  });
});
