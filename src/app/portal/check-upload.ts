import { DebtorRefusal } from './debtor-refusal.js';

/** A file a customer joins on its page, as the form carried it. */
export interface PageUpload {
  fileName: string;
  /** What the browser declared; the file's first bytes decide. */
  contentType: string;
  content: Uint8Array;
}

/** A proof of payment or a delivery note fits in 5 MB; anything larger is refused before it is stored. */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

const SIGNATURES: ReadonlyArray<{ type: string; bytes: readonly number[] }> = [
  { type: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
];

/**
 * Keeps a PDF, PNG or JPEG of at most 5 MB, its type read from its first bytes, never from what
 * the browser declared: an HTML page renamed "proof.pdf" is refused, so nothing a customer sends
 * can later be served back as a page. The name keeps no path and no control characters.
 */
export function checkUpload(upload: PageUpload, field: string): PageUpload {
  if (upload.content.byteLength > MAX_UPLOAD_BYTES) throw new DebtorRefusal('file_too_large', `${field} is larger than 5 MB`, field);
  if (upload.content.byteLength === 0) throw new DebtorRefusal('file_type', `${field} is empty`, field);
  const found = SIGNATURES.find((signature) => signature.bytes.every((byte, index) => upload.content[index] === byte));
  if (!found) throw new DebtorRefusal('file_type', `${field} must be a PDF, PNG or JPEG file`, field);
  const base = upload.fileName.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f\u007f"]/g, '').trim().slice(0, 120);
  const extension = found.type === 'application/pdf' ? 'pdf' : found.type === 'image/png' ? 'png' : 'jpg';
  return { fileName: cleaned || `attachment.${extension}`, contentType: found.type, content: upload.content };
}
