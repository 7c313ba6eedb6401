import PDFDocument from 'pdfkit';
import { formatMinor } from '../../../core/money.js';
import type { LetterInvoice, OutgoingMessage } from '../channel-transport.js';

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
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: message.subject, Subject: message.messageId } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.font('Helvetica-Bold').fontSize(11).text(message.sender.name, 56, 56);
  doc.font('Helvetica').fontSize(10);
  if (message.sender.postalAddress) doc.text(message.sender.postalAddress);
  if (message.sender.email) doc.text(message.sender.email);

  // Right-hand block at the height of a DL window envelope.
  doc.font('Helvetica-Bold').fontSize(11).text(message.recipient.name ?? '', 320, 150, { width: 220 });
  doc.font('Helvetica').fontSize(10).text(message.recipient.postalAddress ?? '', { width: 220 });

  doc.text(message.date, 320, 240, { width: 220 });
  if (message.channel === 'registered_letter') doc.font('Helvetica-Oblique').text(labels.registered, 56, 265);
  doc.font('Helvetica-Bold').fontSize(12).text(message.subject, 56, 290, { width: 483 });
  doc.moveDown();
  doc.font('Helvetica').fontSize(10).text(message.text, { width: 483 });

  if (message.invoices.length > 0) {
    doc.moveDown();
    invoiceTable(doc, message.invoices, labels);
  }
  doc.end();
  return done;
}

function invoiceTable(doc: PDFKit.PDFDocument, invoices: readonly LetterInvoice[], labels: (typeof LABELS)[keyof typeof LABELS]): void {
  const columns = [
    { x: 56, width: 120, align: 'left' as const },
    { x: 176, width: 75, align: 'left' as const },
    { x: 251, width: 75, align: 'left' as const },
    { x: 326, width: 105, align: 'right' as const },
    { x: 431, width: 108, align: 'right' as const },
  ];
  const row = (cells: string[], bold = false) => {
    if (doc.y > 760) doc.addPage();
    const y = doc.y;
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
    cells.forEach((cell, i) => doc.text(cell, columns[i]!.x, y, { width: columns[i]!.width, align: columns[i]!.align, lineBreak: false }));
    doc.x = 56;
    doc.y = y + 14;
  };
  row([labels.invoice, labels.issued, labels.due, labels.amount, labels.open], true);
  for (const invoice of invoices) {
    row([
      invoice.number,
      invoice.issueDate,
      invoice.dueDate,
      `${formatMinor(invoice.amountMinor, invoice.currency)} ${invoice.currency}`,
      `${formatMinor(invoice.openMinor, invoice.currency)} ${invoice.currency}`,
    ]);
  }
  const totals = new Map<string, number>();
  for (const invoice of invoices) totals.set(invoice.currency, (totals.get(invoice.currency) ?? 0) + invoice.openMinor);
  for (const [currency, total] of totals) row([labels.total, '', '', '', `${formatMinor(total, currency)} ${currency}`], true);
}
