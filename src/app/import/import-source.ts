import { createReadStream, statSync } from 'node:fs';

/**
 * A file an import reads. Imports read it more than once (fingerprint, validation, writing), each
 * time as a stream, so `open` must start again from the first byte on every call.
 */
export interface ImportSource {
  /** The name errors are reported against: "invoices.csv:12:7". */
  name: string;
  /** Size in bytes, when known, for progress reporting. */
  size: number | null;
  open(): AsyncIterable<Uint8Array>;
}

export function fileSource(path: string, name: string = path): ImportSource {
  return {
    name,
    size: statSync(path).size,
    open: () => createReadStream(path, { highWaterMark: 256 * 1024 }),
  };
}
