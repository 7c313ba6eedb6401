import { describe, expect, it } from 'vitest';
import type { PlainDate } from '../../../core/plain-date.js';
import { pdfWords } from '../pdf-words.test-support.js';
import { renderStatementPdf, type StatementPdfContent } from './render-statement-pdf.js';

const eur = (amount: string) => ({ amount, currency: 'EUR' });
const date = (text: string) => text as PlainDate;

function settledAccount(overrides: Partial<StatementPdfContent> = {}): StatementPdfContent {
  return {
    language: 'fr',
    date: date('2025-05-16'),
    creditor: { name: 'Atelier Durand SAS', address: '12 rue des Tanneurs, 69002 Lyon' },
    customer: { name: 'Boulangerie Dubois', reference: 'C-001', address: null },
    statement: {
      currency: 'EUR',
      from: date('2024-05-17'),
      to: date('2025-05-16'),
      opening_balance: eur('0.00'),
      lines: [
        { date: date('2025-03-01'), kind: 'invoice', number: 'F-1', debit: eur('300.00'), credit: eur('0.00'), balance: eur('300.00') },
        { date: date('2025-04-01'), kind: 'payment', number: 'VIR-1', debit: eur('0.00'), credit: eur('300.00'), balance: eur('0.00') },
      ],
      total_debit: eur('300.00'),
      total_credit: eur('300.00'),
      closing_balance: eur('0.00'),
    },
    openItems: [],
    unappliedCredit: null,
    overdue: eur('0.00'),
    payment: null,
    ...overrides,
  };
}

describe('renderStatementPdf', () => {
  it('says there is nothing open, and leaves out the unapplied line and the payment block it has no figures for', async () => {
    const words = await pdfWords(await renderStatementPdf(settledAccount()));
    expect(words).toContain('Aucune facture ouverte.');
    expect(words).not.toContain('Paiements et avoirs non imputés');
    expect(words).not.toContain('Pour régler');
    expect(words).not.toContain('IBAN');
    // A movement's empty side stays blank: the payment line shows its credit and the balance only.
    const payment = words.indexOf('VIR-1');
    expect(words.slice(payment, payment + 3)).toEqual(['VIR-1', '300,00 €', '0,00 €']);
  });

  it('prints the payment details it is given, the BIC only when there is one', async () => {
    const words = await pdfWords(await renderStatementPdf(settledAccount({ language: 'en', payment: { beneficiary: 'Atelier Durand SAS', iban: 'FR76 3000 6000 0112 3456 7890 189', bic: null, reference: 'C-001' } })));
    expect(words).toContain('How to pay');
    expect(words.slice(words.indexOf('IBAN'), words.indexOf('IBAN') + 2)).toEqual(['IBAN', 'FR76 3000 6000 0112 3456 7890 189']);
    expect(words).not.toContain('BIC');
    expect(words.slice(words.indexOf('Payment reference'), words.indexOf('Payment reference') + 2)).toEqual(['Payment reference', 'C-001']);
  });
});
