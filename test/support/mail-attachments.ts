/** The PDF attachments of a raw RFC 5322 message, decoded from their base64 parts. */
export function pdfAttachments(raw: string): { filename: string; content: Buffer }[] {
  const found: { filename: string; content: Buffer }[] = [];
  for (const part of raw.split(/\r?\n--[^\r\n]+/)) {
    const [head = '', ...body] = part.split(/\r?\n\r?\n/);
    const filename = /Content-Disposition:\s*attachment;\s*filename="?([^";\r\n]+)"?/i.exec(head)?.[1];
    if (filename && /Content-Type:\s*application\/pdf/i.test(head)) found.push({ filename, content: Buffer.from(body.join('').replace(/\s+/g, ''), 'base64') });
  }
  return found;
}
