import { unzipSync } from 'fflate';
import type { ParsedStatement } from '../../core/bank/statement-lines.js';
import { looksLikeXml, malformed, readCamtStatements } from './camt-statement.js';

/** A ZIP is refused past these: a statement is a few megabytes, a ZIP of a year of them a few hundred. */
export const ZIP_LIMITS = {
  /** Files in one ZIP. */
  files: 1000,
  /** Bytes of one file once uncompressed. */
  fileBytes: 100 * 1024 * 1024,
  /** Bytes of all files once uncompressed. */
  totalBytes: 500 * 1024 * 1024,
};

function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05) && (bytes[3] === 0x04 || bytes[3] === 0x06);
}

/**
 * The XML's text: UTF-8 unless its declaration names a Latin encoding, which some banks still
 * send. A UTF-8 file with broken bytes is refused rather than read with replacement characters.
 */
function decode(file: string, bytes: Uint8Array): string {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
  const declared = /encoding\s*=\s*["']([A-Za-z0-9_-]+)["']/.exec(head)?.[1]?.toLowerCase();
  if (declared && /^(iso-8859-1|iso-8859-15|latin1|windows-1252|cp1252)$/.test(declared)) return new TextDecoder('windows-1252').decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw malformed(file, 'the file is not valid UTF-8 text');
  }
}

/**
 * Reads a bank statement file whatever its name says, by its content: ISO 20022 camt.052,
 * camt.053 or camt.054 XML, or a ZIP of such files. Anything wrong in any of them refuses the
 * whole file, naming the file (inside the ZIP) and the element path or line.
 */
export function readStatementFile(name: string, bytes: Uint8Array): ParsedStatement[] {
  if (isZip(bytes)) return readZip(name, bytes);
  if (bytes.length === 0) throw malformed(name, 'the file is empty');
  const text = decode(name, bytes);
  if (looksLikeXml(text)) return readCamtStatements(name, text);
  throw malformed(name, 'this is neither an ISO 20022 bank statement (camt.052, camt.053, camt.054), a ZIP of them, nor a bank CSV export with a header line');
}

function readZip(name: string, bytes: Uint8Array): ParsedStatement[] {
  let files = 0;
  let total = 0;
  let refusal: string | null = null;
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, {
      // Sizes come from the ZIP's directory before anything is inflated; fflate never writes past
      // the size announced, so a file that lies about it comes out cut and fails as broken XML.
      filter: (entry) => {
        if (entry.name.endsWith('/') || entry.name.startsWith('__MACOSX/') || /(^|\/)\./.test(entry.name)) return false;
        files += 1;
        total += entry.originalSize;
        if (files > ZIP_LIMITS.files) refusal ??= `the ZIP holds more than ${ZIP_LIMITS.files} files`;
        else if (entry.originalSize > ZIP_LIMITS.fileBytes) refusal ??= `${entry.name} would be ${megabytes(entry.originalSize)} once uncompressed, more than the ${megabytes(ZIP_LIMITS.fileBytes)} allowed`;
        else if (total > ZIP_LIMITS.totalBytes) refusal ??= `its files would be more than ${megabytes(ZIP_LIMITS.totalBytes)} once uncompressed`;
        return refusal === null;
      },
    });
  } catch (error) {
    throw malformed(name, `the ZIP cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (refusal !== null) throw malformed(name, `the ZIP is refused: ${refusal}`, { code: 'statement_zip_refused' });
  const names = Object.keys(entries).sort();
  if (names.length === 0) throw malformed(name, 'the ZIP holds no file');
  return names.flatMap((entry) => {
    const inner = `${name}/${entry}`;
    const content = entries[entry]!;
    if (isZip(content)) throw malformed(inner, 'a ZIP inside the ZIP is not read: put the statements in one ZIP');
    return readStatementFile(inner, content);
  });
}

function megabytes(bytes: number): string {
  return `${Math.ceil(bytes / 1024 / 1024)} MB`;
}
