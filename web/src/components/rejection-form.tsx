import { useState, type FormEvent } from 'react';
import { ApiError } from '../api-client.js';
import { useI18n } from '../i18n.js';
import { fieldErrorSentence } from '../spoken-codes.js';
import { ErrorNotice } from './status-message.js';

/** The body of a rejection: the case waits `hold_days`, then the step is proposed again; or it goes on without it. */
export type Rejection = { reason: string; hold_days: number } | { reason: string; go_on: true };

interface RejectionFormProps {
  /** Prefix of the fields' ids, unique on the page. */
  id: string;
  title: string;
  /** The organization's hold after a rejection, offered first. */
  defaultHoldDays: number;
  /** Rejects; a refusal thrown back is shown here, under its field when it names one. */
  onSubmit(rejection: Rejection): Promise<void>;
  onCancel(): void;
}

/**
 * Saying no to a step asks why (kept in the customer's file) and what comes next: wait and
 * propose the step again, or go on to the next step without it.
 */
export function RejectionForm({ id, title, defaultHoldDays, onSubmit, onCancel }: RejectionFormProps) {
  const i18n = useI18n();
  const { t } = i18n;
  const [reason, setReason] = useState('');
  const [goOn, setGoOn] = useState(false);
  // null: the organization's hold, shown in the field until someone types another.
  const [days, setDays] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [local, setLocal] = useState<{ field: 'reason' | 'hold_days'; message: string } | null>(null);
  const [failure, setFailure] = useState<Error | null>(null);
  const shownDays = days ?? String(defaultHoldDays);

  const fieldErrors = failure instanceof ApiError ? (failure.problem.errors ?? []) : [];
  const errorOf = (field: 'reason' | 'hold_days' | 'go_on') => [
    ...(local?.field === field ? [local.message] : []),
    ...fieldErrors.filter((error) => error.field === field).map((error) => fieldErrorSentence(error, i18n)),
  ];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(null);
    const why = reason.trim();
    if (why === '') return setLocal({ field: 'reason', message: t('tasks.rejectReasonRequired') });
    const holdDays = Number(shownDays.trim());
    if (!goOn && !(/^\d+$/.test(shownDays.trim()) && holdDays >= 1 && holdDays <= 365)) return setLocal({ field: 'hold_days', message: t('tasks.rejectHoldDaysInvalid') });
    setLocal(null);
    setBusy(true);
    try {
      await onSubmit(goOn ? { reason: why, go_on: true } : { reason: why, hold_days: holdDays });
    } catch (error) {
      setFailure(error instanceof Error ? error : new Error(String(error)));
    } finally {
      setBusy(false);
    }
  };

  const reasonErrors = errorOf('reason');
  const daysErrors = [...errorOf('hold_days'), ...errorOf('go_on')];
  return (
    <form className="reject-form" aria-label={title} onSubmit={submit} noValidate data-testid="reject-form">
      <p className="subheading">{title}</p>
      <div className="field">
        <label htmlFor={`${id}-reason`}>{t('tasks.rejectReason')}</label>
        <textarea
          id={`${id}-reason`}
          rows={2}
          maxLength={2000}
          required
          aria-invalid={reasonErrors.length > 0}
          value={reason}
          onChange={(event) => {
            setReason(event.target.value);
            if (local?.field === 'reason') setLocal(null);
          }}
        />
        <p className="field-help">{t('tasks.rejectReasonHelp')}</p>
        {reasonErrors.length > 0 ? (
          <p className="field-error" data-testid="field-error">
            {reasonErrors.join(' ')}
          </p>
        ) : null}
      </div>
      <fieldset className="reject-then">
        <legend>{t('tasks.rejectThen')}</legend>
        <label className="check">
          <input type="radio" name={`${id}-then`} checked={!goOn} onChange={() => setGoOn(false)} />
          {t('tasks.rejectHold')}
        </label>
        <div className="reject-days">
          <label htmlFor={`${id}-days`}>{t('tasks.rejectHoldDays')}</label>
          <input
            id={`${id}-days`}
            inputMode="numeric"
            className="input-narrow"
            disabled={goOn}
            aria-invalid={daysErrors.length > 0}
            value={shownDays}
            onChange={(event) => {
              setDays(event.target.value);
              if (local?.field === 'hold_days') setLocal(null);
            }}
          />
        </div>
        {daysErrors.length > 0 ? (
          <p className="field-error" data-testid="field-error">
            {daysErrors.join(' ')}
          </p>
        ) : null}
        <label className="check">
          <input type="radio" name={`${id}-then`} checked={goOn} onChange={() => setGoOn(true)} />
          {t('tasks.rejectGoOn')}
        </label>
      </fieldset>
      {failure && fieldErrors.length === 0 ? <ErrorNotice error={failure} /> : null}
      <div className="reject-buttons">
        <button type="submit" className="button button-primary button-small" disabled={busy}>
          {t('tasks.rejectConfirm')}
        </button>
        <button type="button" className="button button-secondary button-small" onClick={onCancel}>
          {t('tasks.cancel')}
        </button>
      </div>
    </form>
  );
}
