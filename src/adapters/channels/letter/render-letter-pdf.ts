import type { Currency } from '../../../core/money.js';
import type { PlainDate } from '../../../core/plain-date.js';
import type { MessageLanguage } from '../../../core/scenarios/scenario.js';
import { formatDateForLanguage, formatShortDateForLanguage, messageLanguageFromCode } from '../../../core/templates/format-for-language.js';
import type { LetterInvoice, OutgoingMessage } from '../channel-transport.js';
import { CONTENT_WIDTH, FONT, MARGIN, partyBlock, pdfMoney, pdfText, renderPdf, tableRow, type TableColumn } from '../pdf-drawing.js';

const LABELS: Record<MessageLanguage, { invoice: string; issued: string; due: string; amount: string; open: string; total: string; registered: string }> = {
  en: { invoice: 'Invoice', issued: 'Issued', due: 'Due', amount: 'Amount', open: 'Outstanding', total: 'Total outstanding', registered: 'Registered letter with acknowledgement of receipt' },
  fr: { invoice: 'Facture', issued: 'Émise le', due: 'Échéance', amount: 'Montant', open: 'Reste dû', total: 'Total restant dû', registered: 'Lettre recommandée avec accusé de réception' },
  nl: { invoice: 'Factuur', issued: 'Datum', due: 'Vervaldag', amount: 'Bedrag', open: 'Openstaand', total: 'Totaal openstaand', registered: 'Aangetekende brief met ontvangstbewijs' },
  de: { invoice: 'Rechnung', issued: 'Datum', due: 'Fällig am', amount: 'Betrag', open: 'Offen', total: 'Offen insgesamt', registered: 'Einschreiben mit Rückschein' },
};

/**
 * The letter as a PDF: sender and recipient blocks (recipient placed for a window envelope),
 * date, subject, the body, the invoices with their outstanding amounts and the totals per
 * currency, amounts and dates written as the customer's language writes them (French when
 * the language is none of the four the messages are written in).
 */
export async function renderLetterPdf(message: OutgoingMessage, languageCode: string): Promise<Buffer> {
  const language = messageLanguageFromCode(languageCode);
  const labels = LABELS[language];
  return renderPdf({ title: message.subject, subject: message.messageId }, (doc) => {
    partyBlock(doc, message.sender.name, [message.sender.postalAddress, message.sender.email], { x: MARGIN, y: MARGIN });
    // Right-hand block at the height of a DL window envelope.
    partyBlock(doc, message.recipient.name ?? '', [message.recipient.postalAddress], { x: 320, y: 150, width: 220 });

    doc.text(formatDateForLanguage(message.date, language), 320, 240, { width: 220 });
    if (message.channel === 'registered_letter') doc.font(FONT.oblique).text(labels.registered, MARGIN, 265);
    doc.font(FONT.bold).fontSize(12).text(pdfText(message.subject), MARGIN, 290, { width: CONTENT_WIDTH });
    doc.moveDown();
    doc.font(FONT.regular).fontSize(10).text(pdfText(message.text), { width: CONTENT_WIDTH });

    if (message.invoices.length > 0) {
      doc.moveDown();
      invoiceTable(doc, message.invoices, language);
    }
  });
}

const INVOICE_COLUMNS: readonly TableColumn[] = [
  { x: 56, width: 120, align: 'left' },
  { x: 176, width: 75, align: 'left' },
  { x: 251, width: 75, align: 'left' },
  { x: 326, width: 105, align: 'right' },
  { x: 431, width: 108, align: 'right' },
];

function invoiceTable(doc: PDFKit.PDFDocument, invoices: readonly LetterInvoice[], language: MessageLanguage): void {
  const labels = LABELS[language];
  const money = (minor: number, currency: Currency) => pdfMoney(minor, currency, language);
  const date = (d: PlainDate) => formatShortDateForLanguage(d, language);
  tableRow(doc, INVOICE_COLUMNS, [labels.invoice, labels.issued, labels.due, labels.amount, labels.open], true);
  for (const invoice of invoices) {
    tableRow(doc, INVOICE_COLUMNS, [invoice.number, date(invoice.issueDate), date(invoice.dueDate), money(invoice.amountMinor, invoice.currency), money(invoice.openMinor, invoice.currency)]);
  }
  const totals = new Map<string, number>();
  for (const invoice of invoices) totals.set(invoice.currency, (totals.get(invoice.currency) ?? 0) + invoice.openMinor);
  for (const [currency, total] of totals) tableRow(doc, INVOICE_COLUMNS, [labels.total, '', '', '', money(total, currency)], true);
}
