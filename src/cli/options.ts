import { AppError } from '../core/app-error.js';
import { parseIsoDate, type PlainDate } from '../core/plain-date.js';

export function parseCliDate(text: string, option: string): PlainDate {
  const date = parseIsoDate(text);
  if (!date) throw new AppError('validation_failed', `${option} takes a date written YYYY-MM-DD, got "${text}"`, { field: option });
  return date;
}
