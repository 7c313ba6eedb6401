import type { MoneyJson } from '../../../core/money.js';
import type { PlainDate } from '../../../core/plain-date.js';
import type { MessageLanguage } from '../../../core/scenarios/scenario.js';
import { formatDateForLanguage, formatShortDateForLanguage } from '../../../core/templates/format-for-language.js';
import { CONTENT_WIDTH, FONT, MARGIN, partyBlock, pdfMoneyOfJson, pdfText, renderPdf, tableRow, type TableColumn } from '../pdf-drawing.js';

type StatementLineKind = 'invoice' | 'credit_note' | 'payment';

/**
 * Everything a statement PDF prints, already computed: the account as GET
 * /api/customers/:id/statement gives it, the open items as GET /api/customers/:id/open-items
 * gives them, the overdue figure of the aging report. The renderer adds no figure of its own.
 */
export interface StatementPdfContent {
  language: MessageLanguage;
  /** The day the statement is drawn up. */
  date: PlainDate;
  creditor: { name: string; address: string | null };
  customer: { name: string; reference: string; address: string | null };
  statement: {
    currency: string;
    from: PlainDate;
    to: PlainDate;
    opening_balance: MoneyJson;
    lines: readonly { date: PlainDate; kind: StatementLineKind; number: string; debit: MoneyJson; credit: MoneyJson; balance: MoneyJson }[];
    total_debit: MoneyJson;
    total_credit: MoneyJson;
    closing_balance: MoneyJson;
  };
  openItems: readonly { number: string; issue_date: PlainDate; due_date: PlainDate; days_overdue: number; amount: MoneyJson; open: MoneyJson }[];
  /** Payments and credit notes not yet set against an invoice; null when there are none. */
  unappliedCredit: MoneyJson | null;
  overdue: MoneyJson;
  /** Null when the organization has no bank account on file. */
  payment: { beneficiary: string; iban: string; bic: string | null; reference: string } | null;
}

interface Labels {
  title: string;
  asOf: string;
  customerReference: string;
  balance: string;
  overdue: string;
  unappliedCredit: string;
  openItems: string;
  noOpenItems: string;
  invoice: string;
  issued: string;
  due: string;
  daysOverdue: string;
  amount: string;
  open: string;
  activity: string;
  date: string;
  document: string;
  debit: string;
  credit: string;
  runningBalance: string;
  openingBalance: string;
  totals: string;
  closingBalance: string;
  kinds: Record<StatementLineKind, string>;
  howToPay: string;
  beneficiary: string;
  reference: string;
}

const LABELS: Record<MessageLanguage, Labels> = {
  fr: {
    title: 'Relevé de compte',
    asOf: 'Au {date}',
    customerReference: 'Référence client : {reference}',
    balance: 'Solde dû',
    overdue: 'Dont échu',
    unappliedCredit: 'Paiements et avoirs non imputés',
    openItems: 'Factures ouvertes',
    noOpenItems: 'Aucune facture ouverte.',
    invoice: 'Facture',
    issued: 'Émise le',
    due: 'Échéance',
    daysOverdue: 'Jours de retard',
    amount: 'Montant',
    open: 'Reste dû',
    activity: 'Mouvements du compte du {from} au {to}',
    date: 'Date',
    document: 'Pièce',
    debit: 'Débit',
    credit: 'Crédit',
    runningBalance: 'Solde',
    openingBalance: 'Solde au début de la période',
    totals: 'Total des mouvements',
    closingBalance: 'Solde à la fin de la période',
    kinds: { invoice: 'Facture', credit_note: 'Avoir', payment: 'Paiement' },
    howToPay: 'Pour régler',
    beneficiary: 'Bénéficiaire',
    reference: 'Référence à indiquer',
  },
  en: {
    title: 'Statement of account',
    asOf: 'As of {date}',
    customerReference: 'Customer reference: {reference}',
    balance: 'Balance due',
    overdue: 'Of which overdue',
    unappliedCredit: 'Payments and credit notes not yet applied',
    openItems: 'Open invoices',
    noOpenItems: 'No open invoice.',
    invoice: 'Invoice',
    issued: 'Issued',
    due: 'Due',
    daysOverdue: 'Days overdue',
    amount: 'Amount',
    open: 'Outstanding',
    activity: 'Account activity from {from} to {to}',
    date: 'Date',
    document: 'Document',
    debit: 'Debit',
    credit: 'Credit',
    runningBalance: 'Balance',
    openingBalance: 'Balance at the start of the period',
    totals: 'Total movements',
    closingBalance: 'Balance at the end of the period',
    kinds: { invoice: 'Invoice', credit_note: 'Credit note', payment: 'Payment' },
    howToPay: 'How to pay',
    beneficiary: 'Beneficiary',
    reference: 'Payment reference',
  },
  nl: {
    title: 'Rekeningoverzicht',
    asOf: 'Op {date}',
    customerReference: 'Klantnummer: {reference}',
    balance: 'Openstaand saldo',
    overdue: 'Waarvan vervallen',
    unappliedCredit: "Nog niet toegewezen betalingen en creditnota's",
    openItems: 'Openstaande facturen',
    noOpenItems: 'Geen openstaande factuur.',
    invoice: 'Factuur',
    issued: 'Factuurdatum',
    due: 'Vervaldatum',
    daysOverdue: 'Dagen te laat',
    amount: 'Bedrag',
    open: 'Openstaand',
    activity: 'Rekeningverloop van {from} tot {to}',
    date: 'Datum',
    document: 'Stuk',
    debit: 'Debet',
    credit: 'Credit',
    runningBalance: 'Saldo',
    openingBalance: 'Saldo bij het begin van de periode',
    totals: 'Totaal van de bewegingen',
    closingBalance: 'Saldo op het einde van de periode',
    kinds: { invoice: 'Factuur', credit_note: 'Creditnota', payment: 'Betaling' },
    howToPay: 'Betalingsgegevens',
    beneficiary: 'Begunstigde',
    reference: 'Mededeling',
  },
  de: {
    title: 'Kontoauszug',
    asOf: 'Stand: {date}',
    customerReference: 'Kundennummer: {reference}',
    balance: 'Offener Saldo',
    overdue: 'Davon überfällig',
    unappliedCredit: 'Noch nicht zugeordnete Zahlungen und Gutschriften',
    openItems: 'Offene Rechnungen',
    noOpenItems: 'Keine offene Rechnung.',
    invoice: 'Rechnung',
    issued: 'Ausgestellt am',
    due: 'Fällig am',
    daysOverdue: 'Tage überfällig',
    amount: 'Betrag',
    open: 'Offen',
    activity: 'Kontobewegungen vom {from} bis {to}',
    date: 'Datum',
    document: 'Beleg',
    debit: 'Soll',
    credit: 'Haben',
    runningBalance: 'Saldo',
    openingBalance: 'Saldo zu Beginn des Zeitraums',
    totals: 'Summe der Bewegungen',
    closingBalance: 'Saldo am Ende des Zeitraums',
    kinds: { invoice: 'Rechnung', credit_note: 'Gutschrift', payment: 'Zahlung' },
    howToPay: 'Zahlungsinformationen',
    beneficiary: 'Empfänger',
    reference: 'Verwendungszweck',
  },
};

const OPEN_ITEM_COLUMNS: readonly TableColumn[] = [
  { x: 56, width: 88, align: 'left' },
  { x: 146, width: 64, align: 'left' },
  { x: 212, width: 64, align: 'left' },
  { x: 278, width: 76, align: 'right' },
  { x: 356, width: 90, align: 'right' },
  { x: 448, width: 91, align: 'right' },
];

const ACTIVITY_COLUMNS: readonly TableColumn[] = [
  { x: 56, width: 58, align: 'left' },
  { x: 116, width: 60, align: 'left' },
  { x: 178, width: 98, align: 'left' },
  { x: 278, width: 85, align: 'right' },
  { x: 365, width: 85, align: 'right' },
  { x: 452, width: 87, align: 'right' },
];

// The period's totals: the label spans the date, kind and number columns.
const ACTIVITY_TOTAL_COLUMNS: readonly TableColumn[] = [{ x: 56, width: 220, align: 'left' }, ...ACTIVITY_COLUMNS.slice(3)];

const SUMMARY_COLUMNS: readonly TableColumn[] = [
  { x: 56, width: 380, align: 'left' },
  { x: 436, width: 103, align: 'right' },
];

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? '');
}


/**
 * The customer's statement as a PDF, in the customer's language: who owes whom, the balance
 * and what of it is overdue, each open invoice, the account's movements over the period, and
 * how to pay. Amounts and dates are written as the customer's language writes them, by the
 * functions the reminders use, from the API's own figures.
 */
export async function renderStatementPdf(content: StatementPdfContent): Promise<Buffer> {
  const labels = LABELS[content.language];
  const { statement, language } = content;
  const money = (m: MoneyJson) => pdfMoneyOfJson(m, language);
  // A zero side of a movement stays blank, as on any printed statement.
  const side = (m: MoneyJson) => (/^-?0(\.0+)?$/.test(m.amount) ? '' : money(m));
  const date = (d: PlainDate) => formatShortDateForLanguage(d, language);
  const title = `${labels.title} ${content.customer.reference} ${content.date}`;
  return renderPdf({ title }, (doc) => {
    partyBlock(doc, content.creditor.name, [content.creditor.address], { x: MARGIN, y: MARGIN, width: 250 });
    partyBlock(doc, content.customer.name, [fill(labels.customerReference, { reference: content.customer.reference }), content.customer.address], { x: 320, y: 150, width: 220 });

    doc.font(FONT.bold).fontSize(16).text(labels.title, MARGIN, 250, { width: CONTENT_WIDTH });
    doc.font(FONT.regular).fontSize(10).text(fill(labels.asOf, { date: formatDateForLanguage(content.date, content.language) }), { width: CONTENT_WIDTH });
    doc.moveDown();

    tableRow(doc, SUMMARY_COLUMNS, [labels.balance, money(statement.closing_balance)], true);
    tableRow(doc, SUMMARY_COLUMNS, [labels.overdue, money(content.overdue)]);
    if (content.unappliedCredit) tableRow(doc, SUMMARY_COLUMNS, [labels.unappliedCredit, money(content.unappliedCredit)]);

    heading(doc, labels.openItems);
    if (content.openItems.length === 0) {
      doc.font(FONT.regular).fontSize(9).text(labels.noOpenItems, MARGIN, doc.y);
    } else {
      tableRow(doc, OPEN_ITEM_COLUMNS, [labels.invoice, labels.issued, labels.due, labels.daysOverdue, labels.amount, labels.open], true);
      for (const item of content.openItems) {
        tableRow(doc, OPEN_ITEM_COLUMNS, [item.number, date(item.issue_date), date(item.due_date), item.days_overdue > 0 ? String(item.days_overdue) : '', money(item.amount), money(item.open)]);
      }
    }

    heading(doc, fill(labels.activity, { from: formatDateForLanguage(statement.from, language), to: formatDateForLanguage(statement.to, language) }));
    tableRow(doc, ACTIVITY_COLUMNS, [labels.date, '', labels.document, labels.debit, labels.credit, labels.runningBalance], true);
    tableRow(doc, SUMMARY_COLUMNS, [labels.openingBalance, money(statement.opening_balance)]);
    for (const line of statement.lines) {
      tableRow(doc, ACTIVITY_COLUMNS, [date(line.date), labels.kinds[line.kind], line.number, side(line.debit), side(line.credit), money(line.balance)]);
    }
    tableRow(doc, ACTIVITY_TOTAL_COLUMNS, [labels.totals, money(statement.total_debit), money(statement.total_credit), ''], true);
    tableRow(doc, SUMMARY_COLUMNS, [labels.closingBalance, money(statement.closing_balance)], true);

    if (content.payment) {
      const { payment } = content;
      heading(doc, labels.howToPay);
      const rows: [string, string][] = [
        [labels.beneficiary, payment.beneficiary],
        ['IBAN', payment.iban],
        ...(payment.bic ? [['BIC', payment.bic] as [string, string]] : []),
        [labels.reference, payment.reference],
      ];
      for (const [label, value] of rows) tableRow(doc, [{ x: 56, width: 140, align: 'left' }, { x: 196, width: 343, align: 'left' }], [label, value]);
    }
  });
}

function heading(doc: PDFKit.PDFDocument, text: string): void {
  // Keep a heading with at least the two rows under it.
  if (doc.y > 720) doc.addPage();
  doc.moveDown();
  doc.font(FONT.bold).fontSize(12).text(pdfText(text), MARGIN, doc.y, { width: CONTENT_WIDTH });
  doc.moveDown(0.3);
}
