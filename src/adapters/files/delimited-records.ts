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
 * the buffer ends before the record does and more text may come.
 */
function parseRecord(buf: string, start: number, line: number, eof: boolean, delim: number, quoted: boolean): Parsed | null {
  const fields: string[] = [];
  const fieldLines: number[] = [];
  const fieldColumns: number[] = [];
  let i = start;
  let currentLine = line;
  let lineStart = start;
  const length = buf.length;
  for (;;) {
    fieldLines.push(currentLine);
    fieldColumns.push(i - lineStart + 1);
    if (quoted && buf.charCodeAt(i) === QUOTE) {
      let value = '';
      i += 1;
      for (;;) {
        const close = buf.indexOf('"', i);
        if (close < 0) {
          if (!eof) return null;
          // An unterminated quote at the end of the file: keep what is there rather than lose it.
          value += buf.slice(i);
          i = length;
          break;
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
      // Text after a closing quote (`"abc"def`) is kept: lenient, like spreadsheet software.
      const tail = i;
      while (i < length) {
        const c = buf.charCodeAt(i);
        if (c === delim || c === LF || c === CR) break;
        i += 1;
      }
      if (i > tail) value += buf.slice(tail, i);
      fields.push(value);
    } else {
      const from = i;
      while (i < length) {
        const c = buf.charCodeAt(i);
        if (c === delim || c === LF || c === CR) break;
        i += 1;
      }
      fields.push(buf.slice(from, i));
    }
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
    const newline = buf.indexOf('\n');
    if (newline >= 0 || eof) {
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
