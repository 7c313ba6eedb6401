/**
 * One record of a delimited text file (CSV or FEC) with the place of every field, so an error
 * can name `file:line:column` the way editors and terminals understand it.
 */
export interface DelimitedRecord {
  /** Physical line (1-based) where the record starts. */
  line: number;
  fields: string[];
  /** Physical line of each field's first character (differs from `line` after a quoted line break). */
  fieldLines: number[];
  /** Character column (1-based) of each field's first character, opening quote included. */
  fieldColumns: number[];
}

export interface DelimitedOptions {
  /** Candidates, in order of preference on a tie; the header line decides which one the file uses. */
  delimiters: readonly string[];
  /** Whether `"` opens a quoted field (CSV); FEC files have no quoting. */
  quoted: boolean;
  /** Told which delimiter the header line revealed, before the first record is yielded. */
  onDelimiter?: (delimiter: string) => void;
}

const QUOTE = 34;
const CR = 13;
const LF = 10;

/**
 * Beyond these a file is refused at once rather than held in memory: no export has lines of a
 * megabyte or rows of more than 500 columns, and an unclosed quote would otherwise swallow the
 * rest of the file into one field.
 */
export const MAX_LINE_CHARACTERS = 1024 * 1024;
export const MAX_FIELDS = 500;

/** The file cannot be read any further; `line` and `column` say where it went wrong. */
export class DelimitedFileError extends Error {
  constructor(
    readonly line: number,
    readonly column: number,
    message: string,
  ) {
    super(message);
    this.name = 'DelimitedFileError';
  }
}

/** The candidate found most often outside quotes on the first line. */
export function detectDelimiter(firstLine: string, candidates: readonly string[], quoted: boolean): string {
  const counts = new Map<string, number>(candidates.map((c) => [c, 0]));
  let inQuotes = false;
  for (const ch of firstLine) {
    if (quoted && ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = candidates[0]!;
  for (const c of candidates) if (counts.get(c)! > counts.get(best)!) best = c;
  return best;
}

interface Parsed {
  record: DelimitedRecord;
  next: number;
  nextLine: number;
}

/**
 * Reads one record starting at `start` (always the start of a physical line). Returns null when
 * the buffer ends before the record does and more text may come. Throws DelimitedFileError on
 * what no correct reader could make sense of: an unclosed quote, text after a closing quote, a
 * line too long, too many fields.
 */
function parseRecord(buf: string, start: number, line: number, eof: boolean, delim: number, quoted: boolean): Parsed | null {
  const fields: string[] = [];
  const fieldLines: number[] = [];
  const fieldColumns: number[] = [];
  let i = start;
  let currentLine = line;
  let lineStart = start;
  const length = buf.length;
  const tooLong = (end: number) => end - start > MAX_LINE_CHARACTERS;
  const lineTooLong = () => new DelimitedFileError(line, 1, `the line is longer than 1 MB (${MAX_LINE_CHARACTERS} characters), the most a line may hold`);
  for (;;) {
    if (fields.length === MAX_FIELDS) {
      throw new DelimitedFileError(currentLine, i - lineStart + 1, `the line has more than ${MAX_FIELDS} fields, the most a file may have`);
    }
    fieldLines.push(currentLine);
    fieldColumns.push(i - lineStart + 1);
    if (quoted && buf.charCodeAt(i) === QUOTE) {
      const quoteLine = currentLine;
      const quoteColumn = i - lineStart + 1;
      let value = '';
      i += 1;
      for (;;) {
        const close = buf.indexOf('"', i);
        if (close < 0 || tooLong(close)) {
          if (tooLong(length)) {
            throw new DelimitedFileError(quoteLine, quoteColumn, `quote opened here is not closed within 1 MB (${MAX_LINE_CHARACTERS} characters), the most a line may hold`);
          }
          if (!eof) return null;
          throw new DelimitedFileError(quoteLine, quoteColumn, 'quote opened here is never closed');
        }
        const part = buf.slice(i, close);
        for (let k = part.indexOf('\n'); k >= 0; k = part.indexOf('\n', k + 1)) {
          currentLine += 1;
          lineStart = i + k + 1;
        }
        value += part;
        if (close + 1 >= length && !eof) return null;
        if (buf.charCodeAt(close + 1) === QUOTE) {
          value += '"';
          i = close + 2;
          continue;
        }
        i = close + 1;
        break;
      }
      const after = buf.charCodeAt(i);
      if (i < length && after !== delim && after !== LF && after !== CR) {
        throw new DelimitedFileError(
          currentLine,
          i - lineStart + 1,
          'text follows the closing quote of a field; inside quotes, write a quote twice ("")',
        );
      }
      fields.push(value);
    } else {
      const from = i;
      while (i < length) {
        const c = buf.charCodeAt(i);
        if (c === delim || c === LF || c === CR) break;
        if (quoted && c === QUOTE) {
          throw new DelimitedFileError(
            currentLine,
            i - lineStart + 1,
            'a quote inside a field that does not start with one; quote the whole field and write the quote twice ("")',
          );
        }
        i += 1;
      }
      fields.push(buf.slice(from, i));
    }
    if (tooLong(i)) throw lineTooLong();
    if (i >= length) {
      if (!eof) return null;
      return { record: { line, fields, fieldLines, fieldColumns }, next: i, nextLine: currentLine + 1 };
    }
    const c = buf.charCodeAt(i);
    if (c === delim) {
      i += 1;
      continue;
    }
    if (c === CR) {
      if (i + 1 >= length && !eof) return null;
      i += buf.charCodeAt(i + 1) === LF ? 2 : 1;
    } else {
      i += 1;
    }
    return { record: { line, fields, fieldLines, fieldColumns }, next: i, nextLine: currentLine + 1 };
  }
}

function isBlank(record: DelimitedRecord): boolean {
  return record.fields.every((f) => f.trim() === '');
}

/**
 * Streams records out of text chunks: memory holds one chunk and the record being read, never
 * the file. The delimiter is detected on the header line; blank lines are skipped but still
 * counted, so line numbers stay those of the file.
 */
export async function* readDelimitedRecords(chunks: AsyncIterable<string>, options: DelimitedOptions): AsyncGenerator<DelimitedRecord> {
  let buf = '';
  let pos = 0;
  let line = 1;
  let delim: number | null = null;
  const iterator = chunks[Symbol.asyncIterator]();
  let eof = false;
  const pull = async (): Promise<boolean> => {
    const next = await iterator.next();
    if (next.done) {
      eof = true;
      return false;
    }
    buf = pos > 0 ? buf.slice(pos) + next.value : buf + next.value;
    pos = 0;
    return true;
  };
  while (delim === null) {
    const newline = buf.search(/[\r\n]/);
    // A header line that never ends is refused by the record reader; detection need not wait for it.
    if (newline >= 0 || eof || buf.length > MAX_LINE_CHARACTERS) {
      const chosen = detectDelimiter(newline >= 0 ? buf.slice(0, newline) : buf, options.delimiters, options.quoted);
      options.onDelimiter?.(chosen);
      delim = chosen.charCodeAt(0);
      break;
    }
    await pull();
  }
  for (;;) {
    if (pos >= buf.length) {
      if (eof || !(await pull())) return;
    }
    const parsed = parseRecord(buf, pos, line, eof, delim, options.quoted);
    if (parsed === null) {
      await pull();
      continue;
    }
    pos = parsed.next;
    line = parsed.nextLine;
    if (!isBlank(parsed.record)) yield parsed.record;
  }
}
