import { formatMinor } from '../../../core/money.js';
import type { LetterInvoice, OutgoingMessage } from '../channel-transport.js';
import { CONTENT_WIDTH, MARGIN, moneyText, partyBlock, renderPdf, tableRow, type TableColumn } from '../pdf-drawing.js';

const LABELS = {
  en: { invoice: 'Invoice', issued: 'Issued', due: 'Due', amount: 'Amount', open: 'Outstanding', total: 'Total outstanding', registered: 'Registered letter with acknowledgement of receipt' },
  fr: { invoice: 'Facture', issued: 'Émise le', due: 'Échéance', amount: 'Montant', open: 'Reste dû', total: 'Total restant dû', registered: 'Lettre recommandée avec accusé de réception' },
} as const;

/**
 * The letter as a PDF: sender and recipient blocks (recipient placed for a window envelope),
 * date, subject, the body, the invoices with their outstanding amounts and the totals per
 * currency. Amounts are printed as "1234.56 EUR" so they read the same in every locale.
 */
export async function renderLetterPdf(message: OutgoingMessage, language: string): Promise<Buffer> {
  const labels = language === 'fr' ? LABELS.fr : LABELS.en;
  return renderPdf({ title: message.subject, subject: message.messageId }, (doc) => {
    partyBlock(doc, message.sender.name, [message.sender.postalAddress, message.sender.email], { x: MARGIN, y: MARGIN });
    // Right-hand block at the height of a DL window envelope.
    partyBlock(doc, message.recipient.name ?? '', [message.recipient.postalAddress], { x: 320, y: 150, width: 220 });

    doc.text(message.date, 320, 240, { width: 220 });
    if (message.channel === 'registered_letter') doc.font('Helvetica-Oblique').text(labels.registered, MARGIN, 265);
    doc.font('Helvetica-Bold').fontSize(12).text(message.subject, MARGIN, 290, { width: CONTENT_WIDTH });
    doc.moveDown();
    doc.font('Helvetica').fontSize(10).text(message.text, { width: CONTENT_WIDTH });

    if (message.invoices.length > 0) {
      doc.moveDown();
      invoiceTable(doc, message.invoices, labels);
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

function invoiceTable(doc: PDFKit.PDFDocument, invoices: readonly LetterInvoice[], labels: (typeof LABELS)[keyof typeof LABELS]): void {
  const money = (minor: number, currency: string) => moneyText(formatMinor(minor, currency), currency);
  tableRow(doc, INVOICE_COLUMNS, [labels.invoice, labels.issued, labels.due, labels.amount, labels.open], true);
  for (const invoice of invoices) {
    tableRow(doc, INVOICE_COLUMNS, [invoice.number, invoice.issueDate, invoice.dueDate, money(invoice.amountMinor, invoice.currency), money(invoice.openMinor, invoice.currency)]);
  }
  const totals = new Map<string, number>();
  for (const invoice of invoices) totals.set(invoice.currency, (totals.get(invoice.currency) ?? 0) + invoice.openMinor);
  for (const [currency, total] of totals) tableRow(doc, INVOICE_COLUMNS, [labels.total, '', '', '', money(total, currency)], true);
}
