import { useState, type FormEvent } from 'react';
import type { PlainDate } from '../api-types.js';
import { formatDate } from '../format.js';
import { useI18n } from '../i18n.js';
import { useApi } from '../use-api.js';

export const CALL_OUTCOMES = ['reached', 'promise', 'dispute', 'no_answer'] as const;
export type CallOutcomeKind = (typeof CALL_OUTCOMES)[number];
export const DISPUTE_REASONS = ['invoice_error', 'not_delivered', 'not_as_agreed', 'price', 'other'] as const;
/** Calls after which an unanswered customer counts as unreachable (the API's rule). */
export const MAX_CALL_ATTEMPTS = 3;

/** A completed call's outcome, as the task API shows it. */
export type CallOutcome =
  | { outcome: 'reached'; note: string }
  | { outcome: 'promise'; promised_on: PlainDate; grace_days: number; invoice_numbers: string[]; note: string | null }
  | { outcome: 'dispute'; invoice_number: string; reason: string; note: string | null }
  | { outcome: 'no_answer'; retry_due_on: PlainDate | null; unreachable: boolean; note: string | null };

/** What the form sends to POST /api/tasks/:id/call-outcome. */
export type CallOutcomeBody =
  | { outcome: 'reached'; note: string }
  | { outcome: 'promise'; promised_on: string; grace_days?: number; note?: string }
  | { outcome: 'dispute'; invoice_number: string; reason: string; note?: string }
  | { outcome: 'no_answer'; note?: string };

interface OpenItems {
  items: { number: string; due_date: PlainDate }[];
}

/** A completed call's outcome in the reader's language. */
export function CallOutcomeSummary({ outcome }: { outcome: CallOutcome }) {
  const { t, locale } = useI18n();
  const note = outcome.outcome !== 'reached' && outcome.note ? ` — ${outcome.note}` : '';
  switch (outcome.outcome) {
    case 'reached':
      return <span>{t('tasks.outcome.reached', { note: outcome.note })}</span>;
    case 'promise':
      return <span>{t('tasks.outcome.promise', { date: formatDate(outcome.promised_on, locale) }) + note}</span>;
    case 'dispute':
      return <span>{t('tasks.outcome.dispute', { invoice: outcome.invoice_number, reason: t(`tasks.disputeReason.${outcome.reason as (typeof DISPUTE_REASONS)[number]}`) }) + note}</span>;
    case 'no_answer':
      return (
        <span>
          {(outcome.unreachable ? t('tasks.outcome.unreachable', { max: MAX_CALL_ATTEMPTS }) : t('tasks.outcome.no_answer', { date: formatDate(outcome.retry_due_on, locale) })) + note}
        </span>
      );
  }
}

/**
 * The outcome of a call: one of four answers, each with the fields it needs. The server turns
 * it into a promise, a dispute or the next attempt.
 */
export function CallOutcomeForm({ taskId, customerId, onSubmit }: { taskId: string; customerId: string; onSubmit(body: CallOutcomeBody): Promise<void> }) {
  const { t } = useI18n();
  const [outcome, setOutcome] = useState<CallOutcomeKind>('reached');
  const [note, setNote] = useState('');
  const [promisedOn, setPromisedOn] = useState('');
  const [graceDays, setGraceDays] = useState('');
  const [invoice, setInvoice] = useState('');
  const [reason, setReason] = useState<(typeof DISPUTE_REASONS)[number]>('invoice_error');
  const [busy, setBusy] = useState(false);
  // The customer's open invoices are only needed to pick the one disputed.
  const openItems = useApi<OpenItems>(outcome === 'dispute' ? `/api/customers/${encodeURIComponent(customerId)}/open-items` : null);
  const invoices = openItems.data?.items ?? [];
  const id = (name: string) => `call-${name}-${taskId}`;

  const body = (): CallOutcomeBody => {
    const extra = note.trim() ? { note: note.trim() } : {};
    switch (outcome) {
      case 'reached':
        return { outcome, note: note.trim() };
      case 'promise':
        return { outcome, promised_on: promisedOn, ...(graceDays !== '' ? { grace_days: Number(graceDays) } : {}), ...extra };
      case 'dispute':
        return { outcome, invoice_number: invoice || invoices[0]?.number || '', reason, ...extra };
      case 'no_answer':
        return { outcome, ...extra };
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      await onSubmit(body());
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="call-outcome-form" onSubmit={submit}>
      <label htmlFor={id('outcome')}>{t('tasks.callOutcome')}</label>
      <select id={id('outcome')} value={outcome} onChange={(event) => setOutcome(event.target.value as CallOutcomeKind)}>
        {CALL_OUTCOMES.map((value) => (
          <option key={value} value={value}>
            {t(`tasks.call.${value}`)}
          </option>
        ))}
      </select>
      {outcome === 'promise' ? (
        <div className="call-outcome-fields">
          <label htmlFor={id('date')}>{t('tasks.promisedOn')}</label>
          <input id={id('date')} type="date" required value={promisedOn} onChange={(event) => setPromisedOn(event.target.value)} />
          <label htmlFor={id('grace')}>{t('tasks.graceDays')}</label>
          <input id={id('grace')} type="number" min={0} max={30} className="input-narrow" placeholder="3" value={graceDays} onChange={(event) => setGraceDays(event.target.value)} />
        </div>
      ) : null}
      {outcome === 'dispute' ? (
        <div className="call-outcome-fields">
          <label htmlFor={id('invoice')}>{t('tasks.disputedInvoice')}</label>
          <select id={id('invoice')} required value={invoice || invoices[0]?.number || ''} onChange={(event) => setInvoice(event.target.value)}>
            {invoices.map((item) => (
              <option key={item.number} value={item.number}>
                {item.number}
              </option>
            ))}
          </select>
          <label htmlFor={id('reason')}>{t('tasks.disputeReason')}</label>
          <select id={id('reason')} value={reason} onChange={(event) => setReason(event.target.value as (typeof DISPUTE_REASONS)[number])}>
            {DISPUTE_REASONS.map((value) => (
              <option key={value} value={value}>
                {t(`tasks.disputeReason.${value}`)}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <label htmlFor={id('note')}>{outcome === 'reached' ? t('tasks.callNote') : t('tasks.note')}</label>
      <input id={id('note')} type="text" required={outcome === 'reached'} maxLength={2000} value={note} onChange={(event) => setNote(event.target.value)} />
      <button type="submit" className="button button-primary button-small" disabled={busy}>
        {t('tasks.recordCall')}
      </button>
    </form>
  );
}
