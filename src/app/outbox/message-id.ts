/**
 * The RFC 5322 Message-ID of an outbox message, derived from its row id: every attempt of
 * the same message carries the same id, so a duplicate delivery is visible to the receiver.
 */
export function messageIdFor(outboxId: string): string {
  return `<${outboxId}@outbox.relance>`;
}
