import type { Currency } from '../../../core/money.js';
import type { PlainDate } from '../../../core/plain-date.js';
import type { MessageLanguage } from '../../../core/scenarios/scenario.js';
import { formatDateForLanguage, formatShortDateForLanguage, messageLanguageFromCode } from '../../../core/templates/format-for-language.js';
import type { LetterInvoice, OutgoingMessage } from '../channel-transport.js';
import { CONTENT_WIDTH, FONT, MARGIN, partyBlock, pdfMoney, pdfText, renderPdf, tableRow, type TableColumn } from '../pdf-drawing.js';
import { displayPaymentReference } from '../../../core/payments/payment-reference.js';
import { renderPaymentQrPng } from '../payment-qr-image.js';

const LABELS: Record<MessageLanguage, { invoice: string; reference: string; issued: string; due: string; amount: string; open: string; total: string; registered: string; scan: string }> = {
  en: { invoice: 'Invoice', reference: 'Payment reference', issued: 'Issued', due: 'Due', amount: 'Amount', open: 'Outstanding', total: 'Total outstanding', registered: 'Registered letter with acknowledgement of receipt', scan: 'Scan this code with your banking app: the transfer is filled in for you.' },
  fr: { invoice: 'Facture', reference: 'Référence de paiement', issued: 'Émise le', due: 'Échéance', amount: 'Montant', open: 'Reste dû', total: 'Total restant dû', registered: 'Lettre recommandée avec accusé de réception', scan: "Scannez ce code avec l'application de votre banque : le virement est prérempli." },
  nl: { invoice: 'Factuur', reference: 'Betalingsreferentie', issued: 'Datum', due: 'Vervaldag', amount: 'Bedrag', open: 'Openstaand', total: 'Totaal openstaand', registered: 'Aangetekende brief met ontvangstbewijs', scan: 'Scan deze code met uw bankapp: de overschrijving wordt voor u ingevuld.' },
  de: { invoice: 'Rechnung', reference: 'Zahlungsreferenz', issued: 'Datum', due: 'Fällig am', amount: 'Betrag', open: 'Offen', total: 'Offen insgesamt', registered: 'Einschreiben mit Rückschein', scan: 'Scannen Sie diesen Code mit Ihrer Banking-App: die Überweisung wird für Sie ausgefüllt.' },
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
  const qr = message.paymentQr ? await renderPaymentQrPng(message.paymentQr) : null;
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
    if (qr) paymentQr(doc, qr, labels.scan);
  });
}

// The bottom margin of an A4 page, as the table keeps it.
const PAGE_BOTTOM = 841.89 - MARGIN;

/** The EPC QR code a banking app pays from, with a line saying so, kept whole on one page. */
function paymentQr(doc: PDFKit.PDFDocument, png: Buffer, caption: string): void {
  const size = 96;
  doc.moveDown();
  if (doc.y + size > PAGE_BOTTOM) doc.addPage();
  const y = doc.y;
  doc.image(png, MARGIN, y, { width: size, height: size });
  doc.font(FONT.regular).fontSize(9).text(pdfText(caption), MARGIN + size + 12, y + size / 2 - 6, { width: CONTENT_WIDTH - size - 12 });
  doc.x = MARGIN;
  doc.y = y + size;
}

const INVOICE_COLUMNS: readonly TableColumn[] = [
  { x: 56, width: 120, align: 'left' },
  { x: 176, width: 75, align: 'left' },
  { x: 251, width: 75, align: 'left' },
  { x: 326, width: 105, align: 'right' },
  { x: 431, width: 108, align: 'right' },
];

// With each invoice's payment reference beside its number.
const INVOICE_COLUMNS_WITH_REFERENCE: readonly TableColumn[] = [
  { x: 56, width: 70, align: 'left' },
  { x: 126, width: 135, align: 'left' },
  { x: 261, width: 58, align: 'left' },
  { x: 319, width: 58, align: 'left' },
  { x: 377, width: 81, align: 'right' },
  { x: 458, width: 81, align: 'right' },
];

function invoiceTable(doc: PDFKit.PDFDocument, invoices: readonly LetterInvoice[], language: MessageLanguage): void {
  const labels = LABELS[language];
  const money = (minor: number, currency: Currency) => pdfMoney(minor, currency, language);
  const date = (d: PlainDate) => formatShortDateForLanguage(d, language);
  const withReference = invoices.some((invoice) => invoice.paymentReference);
  const columns = withReference ? INVOICE_COLUMNS_WITH_REFERENCE : INVOICE_COLUMNS;
  const row = (first: string, reference: string, rest: readonly string[], bold = false) => tableRow(doc, columns, withReference ? [first, reference, ...rest] : [first, ...rest], bold);
  row(labels.invoice, labels.reference, [labels.issued, labels.due, labels.amount, labels.open], true);
  for (const invoice of invoices) {
    const reference = invoice.paymentReference ? displayPaymentReference(invoice.paymentReference) : '';
    row(invoice.number, reference, [date(invoice.issueDate), date(invoice.dueDate), money(invoice.amountMinor, invoice.currency), money(invoice.openMinor, invoice.currency)]);
  }
  const totals = new Map<string, number>();
  for (const invoice of invoices) totals.set(invoice.currency, (totals.get(invoice.currency) ?? 0) + invoice.openMinor);
  // The total's label takes the number's and the reference's room, so it is never folded in two.
  const totalColumns = withReference ? [{ ...columns[0]!, width: columns[0]!.width + columns[1]!.width }, ...columns.slice(2)] : columns;
  for (const [currency, total] of totals) tableRow(doc, totalColumns, [labels.total, '', '', '', money(total, currency)], true);
}
