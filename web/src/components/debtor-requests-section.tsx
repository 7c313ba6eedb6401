import { useEffect, useState, type FormEvent } from 'react';
import '../debtor-requests.css';
import { apiPost, withQuery } from '../api-client.js';
import type { MoneyJson, PlainDate, Session } from '../api-types.js';
import { formatDate, formatDateInWords, formatMoney } from '../format.js';
import { useI18n } from '../i18n.js';
import type { MessageKey } from '../messages.js';
import { useApi } from '../use-api.js';
import { ErrorNotice, Loading } from './status-message.js';

type Kind = 'claim' | 'promise' | 'plan_request' | 'dispute' | 'question' | 'missing_document' | 'contact';
type Status = 'open' | 'accepted' | 'rejected' | 'answered' | 'accepted_automatically';

/** One request as GET /api/debtor-requests sends it. */
export interface DebtorRequest {
  id: string;
  kind: Kind;
  status: Status;
  asked_on: PlainDate;
  message: string | null;
  invoice_numbers: string[];
  paid_on: PlainDate | null;
  amount: MoneyJson | null;
  reference: string | null;
  promised_on: PlainDate | null;
  reason: string | null;
  schedule: { due_date: PlainDate; amount: MoneyJson }[] | null;
  beyond_policy: string[];
  contact: { name: string | null; email: string | null; phone: string | null } | null;
  answer: string | null;
  answered_on: PlainDate | null;
  files: { id: string; file_name: string; content_type: string; size_bytes: number }[];
}

/** The anchor Today's lines of customer requests lead to. */
export const DEBTOR_REQUESTS_ANCHOR = 'debtor-requests';

/**
 * "What the customer asked": the customer's requests from its page, newest first, each with what
 * it said in its own words, and for the people who act on the ledger the way to accept a plan,
 * refuse, or answer.
 */
export function DebtorRequestsSection({ customerId }: { customerId: string }) {
  const { t } = useI18n();
  const me = useApi<Session>('/api/me');
  const requests = useApi<{ items: DebtorRequest[] }>(withQuery('/api/debtor-requests', { customer_id: customerId, limit: 50 }));
  const [notice, setNotice] = useState<MessageKey | null>(null);
  const canAnswer = me.data?.user?.role === 'admin' || me.data?.user?.role === 'collector';

  useEffect(() => {
    if (requests.state === 'ready' && window.location.hash === `#${DEBTOR_REQUESTS_ANCHOR}`) document.getElementById(DEBTOR_REQUESTS_ANCHOR)?.scrollIntoView();
  }, [requests.state]);

  return (
    <section className="panel" id={DEBTOR_REQUESTS_ANCHOR} aria-labelledby="debtor-requests-title" data-testid="debtor-requests">
      <h2 id="debtor-requests-title">{t('debtorRequests.title')}</h2>
      <p className="muted">{t('debtorRequests.help')}</p>
      {notice ? (
        <p className="notice notice-info" role="status">
          {t(notice)}
        </p>
      ) : null}
      {requests.state === 'failed' ? <ErrorNotice error={requests.error} onRetry={requests.reload} /> : null}
      {requests.state === 'loading' && !requests.data ? <Loading /> : null}
      {requests.data && requests.data.items.length === 0 ? <p>{t('debtorRequests.none')}</p> : null}
      {requests.data && requests.data.items.length > 0 ? (
        <ul className="debtor-requests">
          {requests.data.items.map((request) => (
            <DebtorRequestItem
              key={request.id}
              request={request}
              canAnswer={canAnswer}
              onDecided={(emailed) => {
                setNotice(emailed ? 'debtorRequests.sent' : 'debtorRequests.sentNoEmail');
                requests.reload();
              }}
            />
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function DebtorRequestItem({ request, canAnswer, onDecided }: { request: DebtorRequest; canAnswer: boolean; onDecided: (emailed: boolean) => void }) {
  const { t, locale } = useI18n();
  const words = (date: PlainDate | null) => formatDateInWords(date, locale);
  const contact = request.contact ? [request.contact.name, request.contact.email, request.contact.phone].filter(Boolean).join(', ') : '';
  return (
    <li className="debtor-request" data-testid="debtor-request">
      <p>
        <strong>{t(`debtorRequests.kind.${request.kind}` as MessageKey)}</strong> · <span className="badge">{t(`debtorRequests.status.${request.status}` as MessageKey)}</span> · {t('debtorRequests.askedOn', { date: words(request.asked_on) })}
      </p>
      {request.invoice_numbers.length > 0 ? <p>{t('debtorRequests.invoices', { numbers: request.invoice_numbers.join(', ') })}</p> : null}
      {request.paid_on ? <p>{request.amount ? t('debtorRequests.paidOnAmount', { date: words(request.paid_on), amount: formatMoney(request.amount, locale) }) : t('debtorRequests.paidOn', { date: words(request.paid_on) })}</p> : null}
      {request.reference ? <p>{t('debtorRequests.reference', { reference: request.reference })}</p> : null}
      {request.promised_on ? <p>{t('debtorRequests.promisedOn', { date: words(request.promised_on) })}</p> : null}
      {request.reason ? <p>{t(`debtorRequests.reason.${request.reason}` as MessageKey)}</p> : null}
      {contact ? <p>{t('debtorRequests.contact', { contact })}</p> : null}
      {request.message ? (
        <blockquote className="debtor-request-words" aria-label={t('debtorRequests.theirWords')} data-testid="debtor-words">
          {request.message}
        </blockquote>
      ) : null}
      {request.beyond_policy.map((code) => (
        <p key={code} className="muted">
          {t(`debtorRequests.beyond.${code}` as MessageKey)}
        </p>
      ))}
      {request.schedule ? (
        <table className="table">
          <caption>{t('debtorRequests.schedule')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('debtorRequests.dueDate')}</th>
              <th scope="col" className="numeric">
                {t('debtorRequests.amount')}
              </th>
            </tr>
          </thead>
          <tbody>
            {request.schedule.map((instalment) => (
              <tr key={instalment.due_date}>
                <td>{formatDate(instalment.due_date, locale)}</td>
                <td className="numeric">{formatMoney(instalment.amount, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {request.files.map((file) => (
        <p key={file.id}>
          <a href={`/api/debtor-requests/${encodeURIComponent(request.id)}/files/${encodeURIComponent(file.id)}`} download>
            {t('debtorRequests.file', { name: file.file_name })}
          </a>
        </p>
      ))}
      {request.answer ? (
        <div className="debtor-request-answer">
          <p className="muted">{t('debtorRequests.answer', { date: words(request.answered_on) })}</p>
          <p>{request.answer}</p>
        </div>
      ) : null}
      {canAnswer ? <DecisionForm request={request} onDecided={onDecided} /> : null}
    </li>
  );
}

function DecisionForm({ request, onDecided }: { request: DebtorRequest; onDecided: (emailed: boolean) => void }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Error | null>(null);
  const open = request.status === 'open';
  const decide = async (decision: 'accept' | 'reject' | 'answer') => {
    setBusy(true);
    setFailure(null);
    try {
      const body = decision === 'reject' ? { reason: text } : decision === 'answer' ? { text } : text.trim() ? { text } : {};
      const result = await apiPost<{ emailed: boolean }>(`/api/debtor-requests/${encodeURIComponent(request.id)}/${decision}`, body);
      setText('');
      onDecided(result.emailed);
    } catch (error) {
      setFailure(error instanceof Error ? error : new Error(String(error)));
    } finally {
      setBusy(false);
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void decide('answer');
  };
  const fieldId = `debtor-answer-${request.id}`;
  return (
    <form className="debtor-request-form" onSubmit={submit}>
      <label htmlFor={fieldId}>{open && request.kind === 'plan_request' ? t('debtorRequests.rejectReason') : t('debtorRequests.answerLabel')}</label>
      <textarea id={fieldId} rows={2} maxLength={4000} value={text} onChange={(event) => setText(event.target.value)} />
      <div className="portal-link-actions">
        {open && request.kind === 'plan_request' ? (
          <button type="button" className="button button-primary button-small" disabled={busy} onClick={() => void decide('accept')}>
            {t('debtorRequests.accept')}
          </button>
        ) : null}
        {open ? (
          <button type="button" className="button button-secondary button-small" disabled={busy || !text.trim()} onClick={() => void decide('reject')}>
            {t('debtorRequests.reject')}
          </button>
        ) : null}
        <button type="submit" className="button button-secondary button-small" disabled={busy || !text.trim()}>
          {busy ? t('debtorRequests.sending') : t('debtorRequests.send')}
        </button>
      </div>
      {failure ? <ErrorNotice error={failure} /> : null}
    </form>
  );
}
