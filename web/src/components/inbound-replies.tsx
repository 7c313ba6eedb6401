import { useState, type FormEvent, type ReactNode } from 'react';
import '../inbound-replies.css';
import { ApiError, apiPost, withQuery } from '../api-client.js';
import type { Session } from '../api-types.js';
import { CUSTOMER_CHANGED_EVENT } from '../customer-timeline-types.js';
import { formatTimestamp } from '../format-timestamp.js';
import { useI18n } from '../i18n.js';
import { fieldErrorSentence } from '../spoken-codes.js';
import { useApi } from '../use-api.js';
import { FormField } from './form-field.js';
import { ErrorNotice } from './status-message.js';

const ANSWER_MAX_LENGTH = 20_000;
const SHOWN = 20;

export interface InboundMessage {
  id: string;
  from: { address: string; name: string | null };
  subject: string;
  text: string;
  kind: 'human' | 'automatic' | 'bounce';
  matched_by: 'message_id' | 'sender' | 'person' | null;
  status: 'unmatched' | 'open' | 'answered' | 'automatic';
  received_at: string;
  attachments: { id: string; file_name: string; url: string }[];
}

export interface InboundPage {
  items: InboundMessage[];
  total: number;
}

/**
 * The customer's emails to the inbound address, newest first, each with its text (shown as
 * text, never as markup), its files to download and, for a person's reply, a form to answer it
 * by email. Collectors and administrators answer; everyone who sees the customer reads.
 */
export function InboundReplies({ customerId }: { customerId: string }) {
  const { t, tn } = useI18n();
  const me = useApi<Session>('/api/me');
  const page = useApi<InboundPage>(withQuery('/api/inbound-messages', { customer_id: customerId, limit: SHOWN }));
  const role = me.data?.user?.role;
  const mayAnswer = role === 'admin' || role === 'collector';
  const messages = page.data?.items ?? [];
  return (
    <section className="panel" aria-labelledby="inbound-replies-title" data-testid="inbound-replies">
      <h2 id="inbound-replies-title">{t('inbound.title')}</h2>
      <p className="muted">{t('inbound.help')}</p>
      {page.state === 'failed' ? <ErrorNotice error={page.error} onRetry={page.reload} /> : null}
      {page.state === 'ready' && messages.length === 0 ? <p>{t('inbound.empty')}</p> : null}
      <ul className="inbound-list">
        {messages.map((message) => (
          <InboundMessageItem key={message.id} message={message}>
            {mayAnswer && message.kind === 'human' ? <AnswerForm messageId={message.id} onSent={page.reload} /> : null}
          </InboundMessageItem>
        ))}
      </ul>
      {page.data && page.data.total > messages.length ? <p className="muted">{tn('inbound.more', page.data.total - messages.length)}</p> : null}
    </section>
  );
}

/** One received email: who, when, what threading made of it, its text as text, its files; `children` acts on it. */
export function InboundMessageItem({ message, children }: { message: InboundMessage; children?: ReactNode }) {
  const { t, locale } = useI18n();
  return (
    <li className="inbound-item" data-testid="inbound-reply">
      <header>
        <span>{t('inbound.from', { sender: message.from.name ? `${message.from.name} <${message.from.address}>` : message.from.address })}</span>
        <span className="muted">{t('inbound.received', { when: formatTimestamp(message.received_at, locale) })}</span>
      </header>
      <p className="inbound-subject">{message.subject || t('inbound.noSubject')}</p>
      <p className="muted">
        {message.kind === 'human' ? t(message.status === 'answered' ? 'inbound.status.answered' : message.status === 'unmatched' ? 'inbound.status.unmatched' : 'inbound.status.open') : t(`inbound.kind.${message.kind}`)}
        {message.matched_by ? ` — ${t(`inbound.matched.${message.matched_by}`)}` : null}
      </p>
      <pre className="inbound-text">{message.text}</pre>
      {message.attachments.length > 0 ? (
        <>
          <p className="muted">{t('inbound.attachments')}</p>
          <ul className="inbound-files">
            {message.attachments.map((file) => (
              <li key={file.id}>
                <a href={file.url} download={file.file_name}>
                  {file.file_name}
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {children}
    </li>
  );
}

function AnswerForm({ messageId, onSent }: { messageId: string; onSent: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [local, setLocal] = useState<string | null>(null);
  const [failure, setFailure] = useState<Error | null>(null);
  const [sent, setSent] = useState(false);
  const fieldErrors = failure instanceof ApiError ? (failure.problem.errors ?? []).filter((error) => error.field === 'text') : [];
  const errors = [...(local ? [local] : []), ...fieldErrors.map((error) => fieldErrorSentence(error, i18n))];
  const id = `inbound-answer-${messageId}`;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSent(false);
    setFailure(null);
    if (text.trim() === '') return setLocal(t('inbound.answerRequired'));
    if (text.trim().length > ANSWER_MAX_LENGTH) return setLocal(t('inbound.answerTooLong'));
    setLocal(null);
    setBusy(true);
    try {
      await apiPost(`/api/inbound-messages/${encodeURIComponent(messageId)}/answer`, { text: text.trim() });
      setText('');
      setSent(true);
      window.dispatchEvent(new Event(CUSTOMER_CHANGED_EVENT));
      onSent();
    } catch (error) {
      setFailure(error instanceof Error ? error : new Error(String(error)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="inbound-answer" onSubmit={submit} noValidate>
      <FormField id={id} label={t('inbound.answerLabel')} help={t('inbound.answerHelp')} errors={errors}>
        <textarea
          id={id}
          rows={4}
          maxLength={ANSWER_MAX_LENGTH}
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            setSent(false);
            if (local) setLocal(null);
          }}
        />
      </FormField>
      {failure && fieldErrors.length === 0 ? <ErrorNotice error={failure} /> : null}
      {failure && fieldErrors.length > 0 ? (
        <p className="notice notice-error" role="alert">
          {t('inbound.failed')}
        </p>
      ) : null}
      {sent ? (
        <p className="notice notice-info" role="status">
          {t('inbound.sent')}
        </p>
      ) : null}
      <button type="submit" className="button button-primary button-small" disabled={busy}>
        {busy ? t('inbound.sending') : t('inbound.send')}
      </button>
    </form>
  );
}
