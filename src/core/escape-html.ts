const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const SPECIAL = /[&<>"']/;

/**
 * Text as it may stand in an HTML element or a quoted attribute: whatever a ledger holds or a
 * customer typed shows as text, never as markup. Most values (amounts, dates, words of a page)
 * hold nothing to escape and come back as they are.
 */
export function escapeHtml(text: string): string {
  return SPECIAL.test(text) ? text.replace(/[&<>"']/g, (c) => ENTITIES[c]!) : text;
}
