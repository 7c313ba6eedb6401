import { useState } from 'react';
import { ApiError } from '../../api-client.js';
import type { PlainDate } from '../../api-types.js';
import type { Translate } from '../../i18n.js';
import { useI18n } from '../../i18n.js';
import type { MessageKey } from '../../messages.js';

/** Tells the rest of the customer page (timeline, collection card) that the account changed. */
export function announceCustomerChanged(): void {
  window.dispatchEvent(new Event('relance:customer-changed'));
}

/** A form's call to the API: busy while it runs, the failure kept to be said in words. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Error | null>(null);
  const run = async (work: () => Promise<void>): Promise<boolean> => {
    setBusy(true);
    setFailure(null);
    try {
      await work();
      return true;
    } catch (error) {
      setFailure(error instanceof Error ? error : new Error(String(error)));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, failure, run, clear: () => setFailure(null) };
}

/** Whether the API named this field (or one inside it) as wrong. */
function fieldNamed(failure: Error | null, field: string): boolean {
  if (!(failure instanceof ApiError)) return false;
  return (failure.problem.errors ?? []).some((error) => error.field === field || error.field.startsWith(`${field}.`) || error.field.startsWith(`${field}[`));
}

/** The sentence shown under a field the API refused: the form's own words, never the validator's. */
export function errorsFor(failure: Error | null, field: string, sentence: string): string[] {
  return fieldNamed(failure, field) ? [sentence] : [];
}

const BY_STATUS: [(status: number) => boolean, MessageKey][] = [
  [(status) => status === 403, 'actions.error.forbidden'],
  [(status) => status === 404, 'actions.error.notFound'],
  [(status) => status === 409, 'actions.error.conflict'],
  [(status) => status >= 500, 'actions.error.server'],
];

/**
 * A failed action in one sentence: the server's own words when it has them in the reader's
 * language; "see below" when the fields say it; else a sentence for the kind of failure.
 */
export function ActionFailure({ failure, fields }: { failure: Error | null; fields: readonly string[] }) {
  const { t, language } = useI18n();
  if (!failure) return null;
  let text: string;
  if (!(failure instanceof ApiError)) text = t('actions.error.network');
  else if (failure.problem.localized_detail) text = failure.problem.localized_detail[language];
  else if (fields.some((field) => fieldNamed(failure, field))) text = t('actions.error.fields');
  else text = t(BY_STATUS.find(([matches]) => matches(failure.status))?.[1] ?? 'actions.error.refused');
  return (
    <p className="notice notice-error" role="alert" data-testid="action-error">
      {text}
    </p>
  );
}

/** "3 March 2026" / « 3 mars 2026 »: a date inside a sentence. */
export function dateInWords(date: PlainDate, locale: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return date;
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))));
}

/** The day and the time an instant falls on in the organization's time zone, for "leaves on … at …". */
export function momentInWords(instant: string, locale: string, timeZone: string | undefined): { date: string; time: string } {
  const at = new Date(instant);
  const zone = timeZone ?? 'UTC';
  return {
    date: new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: zone }).format(at),
    time: new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone: zone }).format(at),
  };
}

/** "1 day" / "2 days": a label that agrees with its count. */
export function counted(t: Translate, base: 'actions.day' | 'actions.instalment' | 'actions.dispute.done', count: number, locale: string): string {
  const form = new Intl.PluralRules(locale).select(count) === 'one' ? 'one' : 'other';
  return t(`${base}.${form}` as MessageKey, { count: new Intl.NumberFormat(locale).format(count) });
}

/** A success line under a form, read out when it appears. */
export function Done({ text }: { text: string | null }) {
  if (!text) return null;
  return (
    <p className="notice notice-info" role="status" data-testid="action-done">
      {text}
    </p>
  );
}

/** The buttons that end a small form: the action, and a way back. */
export function FormButtons({ busy, submit, onCancel }: { busy: boolean; submit: string; onCancel(): void }) {
  const { t } = useI18n();
  return (
    <div className="action-buttons">
      <button type="submit" className="button button-primary button-small" disabled={busy}>
        {busy ? t('actions.saving') : submit}
      </button>
      <button type="button" className="button button-secondary button-small" onClick={onCancel}>
        {t('actions.cancel')}
      </button>
    </div>
  );
}
