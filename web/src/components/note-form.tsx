import { useState, type FormEvent } from 'react';
import { ApiError, apiPost } from '../api-client.js';
import type { Session } from '../api-types.js';
import { CUSTOMER_CHANGED_EVENT, type TimelineEntry } from '../customer-timeline-types.js';
import { useI18n } from '../i18n.js';
import { fieldErrorSentence } from '../spoken-codes.js';
import { useApi } from '../use-api.js';
import { FormField } from './form-field.js';
import { ErrorNotice } from './status-message.js';

const NOTE_MAX_LENGTH = 4000;

/**
 * A free-text note about the customer, signed and dated by the server. Once saved it tells the
 * page the account changed, so the timeline shows the note at its top. Viewers see no form.
 */
export function NoteForm({ customerPath }: { customerPath: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const me = useApi<Session>('/api/me');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [local, setLocal] = useState<string | null>(null);
  const [failure, setFailure] = useState<Error | null>(null);
  const [saved, setSaved] = useState(false);
  const role = me.data?.user?.role;
  if (role !== 'admin' && role !== 'collector' && role !== 'sales') return null;

  const fieldErrors = failure instanceof ApiError ? (failure.problem.errors ?? []).filter((error) => error.field === 'text') : [];
  const errors = [...(local ? [local] : []), ...fieldErrors.map((error) => fieldErrorSentence(error, i18n))];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    setFailure(null);
    if (text.trim() === '') return setLocal(t('note.required'));
    if (text.trim().length > NOTE_MAX_LENGTH) return setLocal(t('note.tooLong'));
    setLocal(null);
    setBusy(true);
    try {
      await apiPost<TimelineEntry>(`${customerPath}/notes`, { text: text.trim() });
      setText('');
      setSaved(true);
      window.dispatchEvent(new Event(CUSTOMER_CHANGED_EVENT));
    } catch (error) {
      setFailure(error instanceof Error ? error : new Error(String(error)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel note-form" aria-labelledby="note-form-title" data-testid="note-form">
      <form onSubmit={submit} noValidate>
        <h2 id="note-form-title">{t('note.title')}</h2>
        <FormField id="customer-note" label={t('note.label')} help={t('note.help')} errors={errors}>
          <textarea id="customer-note" rows={3} maxLength={NOTE_MAX_LENGTH} value={text} onChange={(event) => {
              setText(event.target.value);
              setSaved(false);
              if (local) setLocal(null);
            }} />
        </FormField>
        {failure && fieldErrors.length === 0 ? <ErrorNotice error={failure} /> : null}
        {failure && fieldErrors.length > 0 ? (
          <p className="notice notice-error" role="alert">
            {t('note.failed')}
          </p>
        ) : null}
        {saved ? (
          <p className="notice notice-info" role="status">
            {t('note.saved')}
          </p>
        ) : null}
        <button type="submit" className="button button-primary button-small" disabled={busy}>
          {busy ? t('note.saving') : t('note.submit')}
        </button>
      </form>
    </section>
  );
}
