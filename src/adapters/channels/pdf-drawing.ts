import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { parseDecimalToMinor, type Currency, type MoneyJson } from '../../core/money.js';
import type { MessageLanguage } from '../../core/scenarios/scenario.js';
import { formatMoneyForLanguage } from '../../core/templates/format-for-language.js';

/** A4 with 2 cm margins: the page every Relance PDF (letters, statements) is laid out on. */
export const MARGIN = 56;
export const CONTENT_WIDTH = 483;
const PAGE_BOTTOM = 841.89 - MARGIN;
const ROW_HEIGHT = 14;

/** The names PDFs draw their text with; renderPdf binds them to the embedded font or to Helvetica. */
export const FONT = { regular: 'Body', bold: 'Body-Bold', oblique: 'Body-Oblique' } as const;

// DejaVu Sans (free to embed, see docs/templates.md) has every character the messages print, the
// narrow no-break space of French amounts included, which Helvetica, the standard PDF font,
// lacks: an amount then reads "3 /060,00 €". Debian's fonts-dejavu-core puts it in the first
// folder; RELANCE_PDF_FONT_DIR names another.
const FONT_DIRS = ['/usr/share/fonts/truetype/dejavu', '/usr/share/fonts/dejavu', '/usr/share/fonts/TTF'];
const FONT_FILES = { regular: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf', oblique: 'DejaVuSans-Oblique.ttf' } as const;
const STANDARD_FONTS = { regular: 'Helvetica', bold: 'Helvetica-Bold', oblique: 'Helvetica-Oblique' } as const;

type FontFiles = Record<keyof typeof FONT, Buffer>;
let fontFiles: FontFiles | null | undefined;

/** The font files, read once per process; null when none of the folders has them. */
function embeddedFontFiles(): FontFiles | null {
  if (fontFiles !== undefined) return fontFiles;
  const dirs = [process.env.RELANCE_PDF_FONT_DIR, ...FONT_DIRS].filter((dir): dir is string => Boolean(dir));
  fontFiles = null;
  for (const dir of dirs) {
    try {
      fontFiles = {
        regular: readFileSync(join(dir, FONT_FILES.regular)),
        bold: readFileSync(join(dir, FONT_FILES.bold)),
        oblique: readFileSync(join(dir, FONT_FILES.oblique)),
      };
      break;
    } catch {
      // Not in this folder: try the next one.
    }
  }
  return fontFiles;
}

/** Whether PDFs embed a font with the narrow no-break space, rather than falling back to Helvetica. */
export function pdfFontEmbedded(): boolean {
  return embeddedFontFiles() !== null;
}

/**
 * Text as the PDF can print it: unchanged with the embedded font; with Helvetica, the narrow
 * no-break space becomes a plain one, never a slash.
 */
export function pdfText(text: string): string {
  return pdfFontEmbedded() ? text : text.replace(/\u202f/g, '\u00a0');
}

/** Draws a document and resolves with its bytes once pdfkit has flushed the last of them. */
export function renderPdf(info: { title: string; subject?: string }, draw: (doc: PDFKit.PDFDocument) => void): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, info: { Title: info.title, ...(info.subject ? { Subject: info.subject } : {}) } });
  const files = embeddedFontFiles();
  for (const style of ['regular', 'bold', 'oblique'] as const) doc.registerFont(FONT[style], files ? files[style] : STANDARD_FONTS[style]);
  doc.font(FONT.regular);
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
  doc.font(FONT.bold).fontSize(11).text(pdfText(name), at.x, at.y, options);
  doc.font(FONT.regular).fontSize(10);
  for (const line of lines) if (line) doc.text(pdfText(line), options);
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
export function tableRow(doc: PDFKit.PDFDocument, columns: readonly TableColumn[], texts: readonly string[], bold = false): void {
  doc.font(bold ? FONT.bold : FONT.regular).fontSize(9);
  const cells = texts.map(pdfText);
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
 * function the message templates use, so a table prints it as the letter's text does.
 */
export function pdfMoney(minor: number, currency: Currency, language: MessageLanguage): string {
  return pdfText(formatMoneyForLanguage(minor, currency, language));
}

/** pdfMoney for an amount as the API writes it ({ amount: "1234.56", currency: "EUR" }). */
export function pdfMoneyOfJson(money: MoneyJson, language: MessageLanguage): string {
  const minor = parseDecimalToMinor(money.amount, money.currency);
  if (minor === null) throw new Error(`not an amount: ${money.amount} ${money.currency}`);
  return pdfMoney(minor, money.currency, language);
}
