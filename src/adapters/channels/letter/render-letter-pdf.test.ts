import { describe, expect, it } from 'vitest';
import type { PlainDate } from '../../../core/plain-date.js';
import type { OutgoingMessage } from '../channel-transport.js';
import { pdfWords } from '../pdf-words.test-support.js';
import { renderLetterPdf } from './render-letter-pdf.js';

const date = (text: string) => text as PlainDate;

function formalNotice(language: string): OutgoingMessage {
  return {
    id: 'm1',
    organizationId: 'o1',
    customerId: 'c1',
    channel: 'registered_letter',
    messageId: '<m1@relance.test>',
    recipient: { name: 'Bakkerij Peeters', postalAddress: 'Meir 1, 2000 Antwerpen' },
    sender: { name: 'Atelier Durand', postalAddress: '12 rue des Lilas, 69003 Lyon' },
    subject: 'Ingebrekestelling',
    text: 'Ondanks onze herinneringen blijven de onderstaande facturen onbetaald.',
    attachments: [],
    invoices: [
      { number: 'F-2026-011', issueDate: date('2026-01-05'), dueDate: date('2026-02-04'), currency: 'EUR', amountMinor: 1_234_56, openMinor: 1_034_56 },
      { number: 'F-2026-019', issueDate: date('2026-01-12'), dueDate: date('2026-02-11'), currency: 'EUR', amountMinor: 450_50, openMinor: 450_50 },
    ],
    date: date('2026-03-02'),
    language,
  };
}

describe('renderLetterPdf', () => {
  it("writes a Dutch letter's fixed words, dates and amounts the Belgian way", async () => {
    const words = await pdfWords(await renderLetterPdf(formalNotice('nl'), 'nl'));
    expect(words).toContain('2 maart 2026');
    expect(words).toContain('Aangetekende brief met ontvangstbewijs');
    const first = words.indexOf('F-2026-011');
    expect(words.slice(first, first + 5)).toEqual(['F-2026-011', '05/01/2026', '04/02/2026', '€ 1.234,56', '€ 1.034,56']);
    expect(words.slice(words.indexOf('Totaal openstaand'), words.indexOf('Totaal openstaand') + 2)).toEqual(['Totaal openstaand', '€ 1.485,06']);
  });

  it('prints a French amount in the text and the table with its narrow no-break space, not a slash', async () => {
    const letter = { ...formalNotice('fr'), subject: 'Mise en demeure de payer : 3\u202f060,00\u00a0€', text: 'Nous vous mettons en demeure de régler la somme de 3\u202f060,00\u00a0€ avant le 17 mars 2026.' };
    const pdf = await renderLetterPdf(letter, 'fr');
    // The reader gives every kind of space back as a plain one; a font without the narrow one drew a slash.
    const words = (await pdfWords(pdf)).map((word) => word.replace(/\s/g, ' '));
    expect(words).toContain('Mise en demeure de payer : 3 060,00 €');
    expect(words).toContain('Nous vous mettons en demeure de régler la somme de 3 060,00 € avant le 17 mars 2026.');
    const first = words.indexOf('F-2026-011');
    expect(words.slice(first + 3, first + 5)).toEqual(['1 234,56 €', '1 034,56 €']);
    expect(words.filter((word) => /\d\s*\/\d{3},/.test(word))).toEqual([]);
    expect(pdf.toString('latin1')).toContain('DejaVuSans');
  });

  it('writes German dates with dots, and falls back to French for a language it does not speak', async () => {
    const german = await pdfWords(await renderLetterPdf(formalNotice('de'), 'de'));
    expect(german).toContain('Einschreiben mit Rückschein');
    expect(german).toContain('05.01.2026');
    expect(german).toContain('1.034,56 €');
    const other = await pdfWords(await renderLetterPdf(formalNotice('es'), 'es'));
    expect(other).toContain('Lettre recommandée avec accusé de réception');
    expect(other).toContain('Total restant dû');
  });
});
