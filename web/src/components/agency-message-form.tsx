import { useState, type FormEvent } from 'react';
import { ApiError, apiGet, apiPost } from '../api-client.js';
import type { Session } from '../api-types.js';
import { useI18n } from '../i18n.js';
import type { MessageKey } from '../messages.js';
import { fieldErrorSentence } from '../spoken-codes.js';
import { useApi } from '../use-api.js';
import { FormField } from './form-field.js';
import { ErrorNotice, Loading } from './status-message.js';

/** Fired once a message is queued, so the case page can show it in the case's messages. */
export const AGENCY_CASE_CHANGED_EVENT = 'relance:agency-case-changed';

const SUBJECT_MAX = 200;
const TEXT_MAX = 20_000;

interface Party {
  name: string | null;
  email: string | null;
}

/** GET /api/agency/cases/:id/messages/preview */
interface CaseMessagePreview {
  acting_as: 'creditor' | 'agency';
  language: 'fr' | 'en' | 'nl' | 'de';
  sender: Party;
  recipient: Party | null;
  signature: string | null;
  problem: { en: string; fr: string } | null;
}

/** The letters of the agency's own scenario a message may start from. */
const LETTERS: readonly { template: string; key: MessageKey }[] = [
  { template: 'agency-first-letter', key: 'agencyMessage.letterFirst' },
  { template: 'agency-reminder', key: 'agencyMessage.letterReminder' },
  { template: 'agency-last-notice', key: 'agencyMessage.letterLastNotice' },
];

const LANGUAGE_KEYS: Record<CaseMessagePreview['language'], MessageKey> = {
  fr: 'agencyMessage.languageFr',
  en: 'agencyMessage.languageEn',
  nl: 'agencyMessage.languageNl',
  de: 'agencyMessage.languageDe',
};

/**
 * An agency writes to the customer of a case it holds: it is told first in whose name the email
 * goes (its own, signed as mandated by the creditor, or the creditor's), from which address and
 * to whom; what keeps it from writing (no address on file) is said instead of the form.
 */
export function AgencyMessageForm({ caseId }: { caseId: string }) {
  const i18n = useI18n();
  const { t, language } = i18n;
  const me = useApi<Session>('/api/me');
  const preview = useApi<CaseMessagePreview>(`/api/agency/cases/${encodeURIComponent(caseId)}/messages/preview`);
  const [subject, setSubject] = useState('');
  const [text, setText] = useState('');
  const [local, setLocal] = useState<{ subject?: string; text?: string }>({});
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Error | null>(null);
  const [queuedTo, setQueuedTo] = useState<string | null>(null);
  const [letter, setLetter] = useState('');
  const role = me.data?.user?.role;
  if (role !== undefined && role !== 'admin' && role !== 'collector') return null;

  if (preview.state === 'failed') return <ErrorNotice error={preview.error} onRetry={preview.reload} />;
  const about = preview.data;
  if (!about) return <Loading />;
  const recipientName = about.recipient?.name ?? about.recipient?.email ?? '';

  const fieldErrors = (field: 'subject' | 'text') => [
    ...(local[field] ? [local[field]!] : []),
    ...(failure instanceof ApiError ? (failure.problem.errors ?? []).filter((error) => error.field === field).map((error) => fieldErrorSentence(error, i18n)) : []),
  ];
  const hasFieldErrors = failure instanceof ApiError && (failure.problem.errors ?? []).some((error) => error.field === 'subject' || error.field === 'text');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setQueuedTo(null);
    setFailure(null);
    const missing = { ...(subject.trim() === '' ? { subject: t('agencyMessage.subjectRequired') } : {}), ...(text.trim() === '' ? { text: t('agencyMessage.textRequired') } : {}) };
    setLocal(missing);
    if (missing.subject || missing.text) return;
    setBusy(true);
    try {
      await apiPost(`/api/agency/cases/${encodeURIComponent(caseId)}/messages`, { subject: subject.trim(), text: text.trim() });
      setSubject('');
      setText('');
      setLetter('');
      setQueuedTo(recipientName);
      window.dispatchEvent(new Event(AGENCY_CASE_CHANGED_EVENT));
    } catch (error) {
      setFailure(error instanceof Error ? error : new Error(String(error)));
    } finally {
      setBusy(false);
    }
  };

  const startFrom = async (template: string) => {
    setLetter(template);
    setFailure(null);
    if (template === '') return;
    try {
      const drafted = await apiGet<CaseMessagePreview & { draft: { subject: string; text: string } | null }>(
        `/api/agency/cases/${encodeURIComponent(caseId)}/messages/preview?template=${encodeURIComponent(template)}`,
      );
      if (drafted.draft) {
        setSubject(drafted.draft.subject);
        setText(drafted.draft.text);
        setLocal({});
      }
    } catch (error) {
      setFailure(error instanceof Error ? error : new Error(String(error)));
    }
  };

  const values = { sender: about.sender.name ?? '', email: about.sender.email ?? '', recipient: recipientName, to: about.recipient?.email ?? '' };
  const addressing =
    about.acting_as === 'agency' ? t('agencyMessage.asAgency', values) : about.sender.email ? t('agencyMessage.asCreditor', values) : t('agencyMessage.asCreditorNoEmail', values);

  return (
    <section className="panel agency-message-form" aria-labelledby="agency-message-title" data-testid="agency-message-form">
      <h2 id="agency-message-title">{t('agencyMessage.title')}</h2>
      {about.problem ? (
        <p className="notice notice-error" role="alert" data-testid="agency-message-problem">
          {about.problem[language]}
        </p>
      ) : (
        <form onSubmit={submit} noValidate>
          <p data-testid="agency-message-addressing">{addressing}</p>
          <p className="field-help">
            {about.signature ? t('agencyMessage.signature', { signature: about.signature }) : t('agencyMessage.creditorLink')}{' '}
            {t('agencyMessage.language', { language: t(LANGUAGE_KEYS[about.language]) })}
          </p>
          <FormField id="agency-message-letter" label={t('agencyMessage.startFrom')} help={t('agencyMessage.startFromHelp')} errors={[]}>
            <select id="agency-message-letter" value={letter} onChange={(event) => void startFrom(event.target.value)}>
              <option value="">{t('agencyMessage.startBlank')}</option>
              {LETTERS.map((item) => (
                <option key={item.template} value={item.template}>
                  {t(item.key)}
                </option>
              ))}
            </select>
          </FormField>
          <FormField id="agency-message-subject" label={t('agencyMessage.subject')} errors={fieldErrors('subject')}>
            <input id="agency-message-subject" type="text" maxLength={SUBJECT_MAX} value={subject} onChange={(event) => setSubject(event.target.value)} />
          </FormField>
          <FormField id="agency-message-text" label={t('agencyMessage.text')} errors={fieldErrors('text')}>
            <textarea id="agency-message-text" rows={8} maxLength={TEXT_MAX} value={text} onChange={(event) => setText(event.target.value)} />
          </FormField>
          {failure && !hasFieldErrors ? <ErrorNotice error={failure} /> : null}
          {queuedTo !== null ? (
            <p className="notice notice-info" role="status">
              {t('agencyMessage.queued', { recipient: queuedTo })}
            </p>
          ) : null}
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? t('agencyMessage.sending') : t('agencyMessage.submit')}
          </button>
        </form>
      )}
    </section>
  );
}
