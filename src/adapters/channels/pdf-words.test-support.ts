import { join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** The text pieces of a PDF in drawing order, one table cell or line each: how tests read our PDFs back. */
export async function pdfWords(pdf: Buffer): Promise<string[]> {
  const standardFontDataUrl = join(import.meta.dirname, '../../../node_modules/pdfjs-dist/standard_fonts/');
  const document = await getDocument({ data: new Uint8Array(pdf), standardFontDataUrl, verbosity: 0 }).promise;
  const words: string[] = [];
  for (let n = 1; n <= document.numPages; n += 1) {
    for (const item of (await (await document.getPage(n)).getTextContent()).items) if ('str' in item && item.str.trim()) words.push(item.str.trim());
  }
  return words;
}
