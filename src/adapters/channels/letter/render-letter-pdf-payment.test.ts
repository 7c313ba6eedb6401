import { describe, expect, it } from 'vitest';
import type { PlainDate } from '../../../core/plain-date.js';
import type { OutgoingMessage } from '../channel-transport.js';
import { pdfWords } from '../pdf-words.test-support.js';
import { renderLetterPdf } from './render-letter-pdf.js';

const date = (text: string) => text as PlainDate;

function reminder(withQr: boolean): OutgoingMessage {
  return {
    id: 'm1',
    organizationId: 'o1',
    customerId: 'c1',
    channel: 'letter',
    messageId: '<m1@relance.test>',
    recipient: { name: 'Boulangerie Martin', postalAddress: '1 rue Neuve, 1000 Bruxelles' },
    sender: { name: 'Atelier Durand', postalAddress: '12 rue des Lilas, 69003 Lyon' },
    subject: 'Rappel',
    text: 'La facture ci-dessous reste à régler.',
    attachments: [],
    invoices: [{ number: 'F-2026-011', issueDate: date('2026-01-05'), dueDate: date('2026-02-04'), currency: 'EUR', amountMinor: 1_234_56, openMinor: 1_034_56, paymentReference: '010806817183' }],
    date: date('2026-03-02'),
    language: 'fr',
    ...(withQr ? { paymentQr: ['BCD', '002', '1', 'SCT', '', 'Atelier Durand', 'BE68539007547034', 'EUR1034.56', '', '010806817183'].join('\n') } : {}),
  };
}

describe('a letter’s payment reference and QR code', () => {
  it('prints each invoice’s reference beside its number, and the QR code with a line saying what it is for', async () => {
    const pdf = await renderLetterPdf(reminder(true), 'fr');
    // The reader gives every kind of space back as a plain one.
    const words = (await pdfWords(pdf)).map((word) => word.replace(/\s/g, ' '));
    const first = words.indexOf('F-2026-011');
    expect(words.slice(first, first + 6)).toEqual(['F-2026-011', '+++010/8068/17183+++', '05/01/2026', '04/02/2026', '1 234,56 €', '1 034,56 €']);
    expect(words).toContain('Référence de paiement');
    expect(words).toContain("Scannez ce code avec l'application de votre banque : le virement est prérempli.");
    expect(pdf.toString('latin1')).toMatch(/\/Subtype \/Image/);
  });

  it('draws no code when the message carries none', async () => {
    const pdf = await renderLetterPdf(reminder(false), 'fr');
    expect(await pdfWords(pdf)).not.toContain("Scannez ce code avec l'application de votre banque : le virement est prérempli.");
    expect(pdf.toString('latin1')).not.toMatch(/\/Subtype \/Image/);
  });
});
