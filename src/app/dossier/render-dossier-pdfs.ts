import type { PlainDate } from '../../core/plain-date.js';
import { formatDateForLanguage } from '../../core/templates/format-for-language.js';
import type { CustomerLateFeesJson } from '../get-customer-late-fees.js';
import type { TimelineEntry } from '../timeline/get-customer-timeline.js';
import { CONTENT_WIDTH, FONT, MARGIN, partyBlock, pdfMoneyOfJson, pdfText, renderPdf, tableRow, type TableColumn } from '../../adapters/channels/pdf-drawing.js';

/** The dossier's own documents are written in the creditor's language: French or English. */
export type DossierLanguage = 'en' | 'fr';

export interface DossierHeading {
  language: DossierLanguage;
  date: PlainDate;
  creditor: { name: string; address: string | null };
  customer: { name: string; reference: string };
}

const WORDS = {
  en: {
    timeline: 'Timeline of exchanges and events',
    lateFees: 'Late interest and recovery indemnity',
    asOf: (date: string) => `As of ${date}`,
    customer: (name: string, reference: string) => `Customer: ${name} (${reference})`,
    date: 'Date',
    what: 'What happened',
    by: 'By',
    none: 'Nothing recorded.',
    invoice: (number: string, due: string, days: number) => `Invoice ${number}, due on ${due}: ${days} ${days === 1 ? 'day' : 'days'} late`,
    open: 'Outstanding',
    from: 'From',
    to: 'To',
    days: 'Days',
    rate: 'Rate',
    interest: 'Interest',
    indemnity: 'Recovery indemnity',
    total: 'Late fees (interest and indemnity)',
    noRate: (date: string) => `No rate is on file from ${date}: the interest shown counts only the days with a known rate.`,
    noInvoice: 'No overdue invoice: no late fee is owed.',
    notClaimed: 'Not claimed under the creditor’s policy',
    law: (law: string) => `Law applied: ${law.toUpperCase()} (simple interest, actual days / 365, each day at the rate of its half-year)`,
  },
  fr: {
    timeline: 'Historique des échanges et événements',
    lateFees: 'Pénalités de retard et indemnité forfaitaire',
    asOf: (date: string) => `Au ${date}`,
    customer: (name: string, reference: string) => `Client : ${name} (${reference})`,
    date: 'Date',
    what: 'Événement',
    by: 'Par',
    none: 'Rien d’enregistré.',
    invoice: (number: string, due: string, days: number) => `Facture ${number}, échue le ${due} : ${days} ${days <= 1 ? 'jour' : 'jours'} de retard`,
    open: 'Reste dû',
    from: 'Du',
    to: 'Au',
    days: 'Jours',
    rate: 'Taux',
    interest: 'Intérêts',
    indemnity: 'Indemnité forfaitaire',
    total: 'Pénalités (intérêts et indemnité)',
    noRate: (date: string) => `Aucun taux connu à partir du ${date} : les intérêts indiqués ne comptent que les jours dont le taux est connu.`,
    noInvoice: 'Aucune facture échue : aucune pénalité n’est due.',
    notClaimed: 'Non réclamé selon la politique du créancier',
    law: (law: string) => `Droit appliqué : ${law.toUpperCase()} (intérêts simples, jours réels / 365, chaque jour au taux de son semestre)`,
  },
} as const;

export type DossierWords = (typeof WORDS)[DossierLanguage];

const TIMELINE_COLUMNS: readonly TableColumn[] = [
  { x: 56, width: 110, align: 'left' },
  { x: 168, width: 280, align: 'left' },
  { x: 450, width: 89, align: 'left' },
];

const PERIOD_COLUMNS: readonly TableColumn[] = [
  { x: 56, width: 110, align: 'left' },
  { x: 168, width: 110, align: 'left' },
  { x: 280, width: 60, align: 'right' },
  { x: 342, width: 80, align: 'right' },
  { x: 424, width: 115, align: 'right' },
];

const SUMMARY_COLUMNS: readonly TableColumn[] = [
  { x: 56, width: 360, align: 'left' },
  { x: 416, width: 123, align: 'right' },
];

function header(doc: PDFKit.PDFDocument, heading: DossierHeading, title: string): void {
  const words = WORDS[heading.language];
  partyBlock(doc, heading.creditor.name, [heading.creditor.address], { x: MARGIN, y: MARGIN, width: 250 });
  doc.font(FONT.bold).fontSize(16).text(pdfText(title), MARGIN, 150, { width: CONTENT_WIDTH });
  doc.font(FONT.regular).fontSize(10).text(pdfText(words.customer(heading.customer.name, heading.customer.reference)), { width: CONTENT_WIDTH });
  doc.text(pdfText(words.asOf(formatDateForLanguage(heading.date, heading.language))), { width: CONTENT_WIDTH });
  doc.moveDown();
}

/** Every exchange and event of the customer, oldest first, each day in words. */
export function renderTimelinePdf(heading: DossierHeading, entries: readonly TimelineEntry[]): Promise<Buffer> {
  const words = WORDS[heading.language];
  return renderPdf({ title: `${words.timeline} ${heading.customer.reference} ${heading.date}` }, (doc) => {
    header(doc, heading, words.timeline);
    if (entries.length === 0) {
      doc.font(FONT.regular).fontSize(9).text(words.none, MARGIN, doc.y);
      return;
    }
    tableRow(doc, TIMELINE_COLUMNS, [words.date, words.what, words.by], true);
    for (const entry of entries) {
      tableRow(doc, TIMELINE_COLUMNS, [formatDateForLanguage(entry.occurred_on as PlainDate, heading.language), entry.summary[heading.language], entry.author?.name ?? '']);
    }
  });
}

/**
 * The late fees as GET /api/customers/:id/late-fees reports them: per invoice, each rate
 * period with its days and interest, the indemnity, then the totals per currency.
 */
export function renderLateFeesPdf(heading: DossierHeading, fees: CustomerLateFeesJson): Promise<Buffer> {
  const words = WORDS[heading.language];
  const { language } = heading;
  const money = (m: { amount: string; currency: string }) => pdfMoneyOfJson(m, language);
  const day = (d: PlainDate) => formatDateForLanguage(d, language);
  return renderPdf({ title: `${words.lateFees} ${heading.customer.reference} ${heading.date}` }, (doc) => {
    header(doc, heading, words.lateFees);
    doc.font(FONT.regular).fontSize(9).text(pdfText(words.law(fees.law)), MARGIN, doc.y, { width: CONTENT_WIDTH });
    if (fees.unknown_from) doc.text(pdfText(words.noRate(day(fees.unknown_from))), { width: CONTENT_WIDTH });
    doc.moveDown();
    if (fees.invoices.length === 0) {
      doc.text(words.noInvoice, MARGIN, doc.y);
      return;
    }
    for (const invoice of fees.invoices) {
      if (doc.y > 700) doc.addPage();
      doc.font(FONT.bold).fontSize(11).text(pdfText(words.invoice(invoice.number, day(invoice.due_date), invoice.days_late)), MARGIN, doc.y, { width: CONTENT_WIDTH });
      doc.moveDown(0.3);
      tableRow(doc, SUMMARY_COLUMNS, [words.open, money(invoice.open)]);
      if (fees.claim_interest && invoice.periods.length > 0) {
        tableRow(doc, PERIOD_COLUMNS, [words.from, words.to, words.days, words.rate, words.interest], true);
        for (const period of invoice.periods) {
          tableRow(doc, PERIOD_COLUMNS, [day(period.from), day(period.to), String(period.days), `${period.rate} %`, money({ amount: period.interest, currency: invoice.open.currency })]);
        }
      }
      tableRow(doc, SUMMARY_COLUMNS, [words.interest, fees.claim_interest ? money(invoice.interest ?? invoice.interest_on_file) : words.notClaimed], true);
      tableRow(doc, SUMMARY_COLUMNS, [words.indemnity, fees.claim_indemnity ? money(invoice.indemnity) : words.notClaimed], true);
      doc.moveDown();
    }
    for (const total of fees.totals) {
      tableRow(doc, SUMMARY_COLUMNS, [words.open, money(total.open)], true);
      tableRow(doc, SUMMARY_COLUMNS, [words.interest, money(total.interest ?? total.interest_on_file)], true);
      tableRow(doc, SUMMARY_COLUMNS, [words.indemnity, money(total.indemnity)], true);
      tableRow(doc, SUMMARY_COLUMNS, [words.total, money(total.fees ?? total.fees_on_file)], true);
      doc.moveDown();
    }
  });
}
