import PDFDocument from 'pdfkit';
import { parseDecimalToMinor, type Currency, type MoneyJson } from '../../core/money.js';
import type { MessageLanguage } from '../../core/scenarios/scenario.js';
import { formatMoneyForLanguage } from '../../core/templates/format-for-language.js';

/** A4 with 2 cm margins: the page every Relance PDF (letters, statements) is laid out on. */
export const MARGIN = 56;
export const CONTENT_WIDTH = 483;
const PAGE_BOTTOM = 841.89 - MARGIN;
const ROW_HEIGHT = 14;

/** Draws a document and resolves with its bytes once pdfkit has flushed the last of them. */
export function renderPdf(info: { title: string; subject?: string }, draw: (doc: PDFKit.PDFDocument) => void): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, info: { Title: info.title, ...(info.subject ? { Subject: info.subject } : {}) } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  draw(doc);
  doc.end();
  return done;
}

/** A name in bold and the lines under it (an address, an email), at a fixed place. */
export function partyBlock(doc: PDFKit.PDFDocument, name: string, lines: readonly (string | null | undefined)[], at: { x: number; y: number; width?: number }): void {
  const options = at.width === undefined ? {} : { width: at.width };
  doc.font('Helvetica-Bold').fontSize(11).text(name, at.x, at.y, options);
  doc.font('Helvetica').fontSize(10);
  for (const line of lines) if (line) doc.text(line, options);
}

export interface TableColumn {
  x: number;
  width: number;
  align: 'left' | 'right';
}

/**
 * One table row, on a new page when it would not fit on this one. A cell too wide for its
 * column wraps and the row grows with it: nothing is cut off, nothing overlaps the next row.
 */
export function tableRow(doc: PDFKit.PDFDocument, columns: readonly TableColumn[], cells: readonly string[], bold = false): void {
  doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
  const height = Math.max(ROW_HEIGHT, ...cells.map((cell, i) => doc.heightOfString(cell, { width: columns[i]!.width }) + 3));
  if (doc.y + height > PAGE_BOTTOM) doc.addPage();
  const y = doc.y;
  cells.forEach((cell, i) => {
    const column = columns[i]!;
    doc.text(cell, column.x, y, { width: column.width, align: column.align });
  });
  doc.x = MARGIN;
  doc.y = y + height;
}

/**
 * An amount as the reader's language writes it ("1 234,56 €", "€1,234.56"), through the
 * function the message templates use. The standard PDF fonts have no narrow no-break space,
 * so it becomes a plain no-break space, which also keeps an amount on one line.
 */
export function pdfMoney(minor: number, currency: Currency, language: MessageLanguage): string {
  return formatMoneyForLanguage(minor, currency, language).replace(/\u202f/g, '\u00a0');
}

/** pdfMoney for an amount as the API writes it ({ amount: "1234.56", currency: "EUR" }). */
export function pdfMoneyOfJson(money: MoneyJson, language: MessageLanguage): string {
  const minor = parseDecimalToMinor(money.amount, money.currency);
  if (minor === null) throw new Error(`not an amount: ${money.amount} ${money.currency}`);
  return pdfMoney(minor, money.currency, language);
}
