import { createHash } from 'node:crypto';
import iconv from 'iconv-lite';

/** The two encodings accounting exports come in: UTF-8 (with or without BOM) and Windows-1252. */
export type TextEncoding = 'utf-8' | 'windows-1252';

export interface ByteScan {
  encoding: TextEncoding;
  sha256: string;
  bytes: number;
}

/**
 * Reads the raw bytes once to fingerprint the file and pick its encoding. A file is UTF-8 when
 * it decodes strictly as UTF-8; anything else is taken as Windows-1252, the code page French
 * and Belgian accounting software writes when it does not write UTF-8 (every byte sequence is
 * valid in it, so there is no third case to guess).
 */
export async function scanBytes(bytes: AsyncIterable<Uint8Array>): Promise<ByteScan> {
  const hash = createHash('sha256');
  const strict = new TextDecoder('utf-8', { fatal: true });
  let utf8 = true;
  let size = 0;
  for await (const chunk of bytes) {
    hash.update(chunk);
    size += chunk.length;
    if (utf8) {
      try {
        strict.decode(chunk, { stream: true });
      } catch {
        utf8 = false;
      }
    }
  }
  if (utf8) {
    try {
      strict.decode();
    } catch {
      utf8 = false;
    }
  }
  return { encoding: utf8 ? 'utf-8' : 'windows-1252', sha256: hash.digest('hex'), bytes: size };
}

/**
 * Turns a byte stream into text chunks without ever holding the whole file. A UTF-8 byte order
 * mark is dropped, so the first header name reads the same with or without it. `onBytes` is
 * told how many bytes each chunk held, for progress reporting.
 */
export async function* decodeText(
  bytes: AsyncIterable<Uint8Array>,
  encoding: TextEncoding,
  onBytes?: (count: number) => void,
): AsyncGenerator<string> {
  if (encoding === 'utf-8') {
    const decoder = new TextDecoder('utf-8');
    for await (const chunk of bytes) {
      onBytes?.(chunk.length);
      const text = decoder.decode(chunk, { stream: true });
      if (text) yield text;
    }
    const rest = decoder.decode();
    if (rest) yield rest;
    return;
  }
  const decoder = iconv.getDecoder('windows-1252');
  for await (const chunk of bytes) {
    onBytes?.(chunk.length);
    const text = decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}
