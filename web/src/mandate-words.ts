import { formatDateInWords } from './format.js';
import type { Translate } from './i18n.js';
import type { Mandate } from './mandate-types.js';

// Intl.NumberFormat reads the decimal string itself (ES2023): the server's percentage is printed, not recomputed.
type DecimalString = `${number}`;

/** "12.5" → "12.5%" in English, « 12,5 % » in French: a percentage the API sent, in the reader's locale. */
export function formatPercent(value: string, locale: string, t: Translate): string {
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(value as DecimalString);
  return t('mandates.percent', { value: number });
}

/** Where a mandate stands, in words: an active mandate past its end date no longer gives the partner access. */
export function mandateStatusLabel(mandate: Pick<Mandate, 'status' | 'live'>, t: Translate): string {
  if (mandate.status === 'active') return mandate.live ? t('mandates.status.active') : t('mandates.status.lapsed');
  return mandate.status === 'ended' ? t('mandates.status.ended') : t('mandates.status.taken_back');
}

/** The day of an activity in words, whether the API sent a plain day or an instant (shown in the reader's time zone). */
export function dayInWords(on: string, locale: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(on)) return formatDateInWords(on, locale);
  const instant = new Date(on);
  return Number.isNaN(instant.getTime()) ? on : new Intl.DateTimeFormat(locale, { dateStyle: 'long' }).format(instant);
}
