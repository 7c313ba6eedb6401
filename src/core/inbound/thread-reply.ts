// The Message-ID every outbox message carries: `<outboxId@outbox.relance>` (written by
// app/outbox/message-id.ts). Read back here so a reply names the message it answers.
const OUTBOX_MESSAGE_ID = /^<([A-Za-z0-9-]{1,80})@outbox\.relance>$/;

/** Every `<…>` id in a Message-ID, In-Reply-To or References header, in order. */
export function messageIdsIn(header: string | null | undefined): string[] {
  if (!header) return [];
  return [...header.matchAll(/<[^<>\s]+>/g)].map((match) => match[0]);
}

/**
 * The outbox messages a reply points at, most telling first: In-Reply-To, then References from
 * the newest back (a client that drops In-Reply-To usually keeps References).
 */
export function outboxIdsAnswered(inReplyTo: readonly string[], references: readonly string[]): string[] {
  const ids: string[] = [];
  for (const id of [...inReplyTo, ...[...references].reverse()]) {
    const outboxId = OUTBOX_MESSAGE_ID.exec(id)?.[1];
    if (outboxId && !ids.includes(outboxId)) ids.push(outboxId);
  }
  return ids;
}

export type ThreadMatch = { customerId: string; by: 'message_id'; outboxId: string } | { customerId: string; by: 'sender' } | { customerId: null; by: null };

/**
 * Whose reply this is. First the message it answers (the outbox messages found among those it
 * names, in the order of `outboxIdsAnswered`); else the sender's address, when it is a contact
 * of exactly one customer — an address two customers share says nothing; else nobody yet, and a
 * person attaches it.
 */
export function threadReply(found: readonly { outboxId: string; customerId: string }[], customersOfSender: readonly string[]): ThreadMatch {
  const answered = found[0];
  if (answered) return { customerId: answered.customerId, by: 'message_id', outboxId: answered.outboxId };
  const distinct = [...new Set(customersOfSender)];
  if (distinct.length === 1) return { customerId: distinct[0]!, by: 'sender' };
  return { customerId: null, by: null };
}

// Where the quoted conversation starts in the text of a reply, in the four product languages
// and the shapes common clients write.
const QUOTE_STARTS: readonly RegExp[] = [
  /^>/,
  /^On .{4,200} wrote:\s*$/i,
  /^Le .{4,200} a [ée]crit\s?:\s*$/i,
  /^Op .{4,200} (schreef|geschreven).{0,80}:\s*$/i,
  /^Am .{4,200} schrieb.{0,80}:\s*$/i,
  /^-{2,}\s*(Original Message|Message d'origine|Oorspronkelijk bericht|Urspr[üu]ngliche Nachricht)\s*-{2,}/i,
  /^_{10,}\s*$/,
  /^(From|De|Van|Von)\s?:\s.+/,
];

/**
 * The first lines a person wrote, without the quoted message below and without blank runs:
 * what the timeline and the task show. Plain text; whoever shows it escapes it.
 */
export function replyExcerpt(text: string, options: { maxLines?: number; maxChars?: number } = {}): string {
  const maxLines = options.maxLines ?? 6;
  const maxChars = options.maxChars ?? 600;
  const lines: string[] = [];
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trimEnd();
    if (QUOTE_STARTS.some((pattern) => pattern.test(line.trimStart()))) break;
    if (line.trim() === '' && (lines.length === 0 || lines[lines.length - 1] === '')) continue;
    lines.push(line.trim() === '' ? '' : line);
    if (lines.filter((kept) => kept !== '').length >= maxLines) break;
  }
  while (lines[lines.length - 1] === '') lines.pop();
  const excerpt = lines.join('\n');
  return excerpt.length > maxChars ? `${excerpt.slice(0, maxChars - 1).trimEnd()}…` : excerpt;
}
