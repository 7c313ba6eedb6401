import { useState } from 'react';
import { apiPost } from '../api-client.js';
import type { OutboxMessageDetail } from '../collection-types.js';
import { OutboxMessageActions, WaitingReasonLine, type WaitingMessage } from '../components/outbox-message-actions.js';
import { ChannelLabel } from '../components/channel-label.js';
import { ErrorNotice, Loading } from '../components/status-message.js';
import { formatNumber } from '../format.js';
import { useI18n } from '../i18n.js';
import { Link } from '../router.js';
import { useApi } from '../use-api.js';
import { useDocumentTitle } from '../use-document-title.js';
import { OutboxStatusBadge } from '../components/outbox-status-badge.js';
import { formatTimestamp } from '../format-timestamp.js';

export function OutboxMessagePage({ messageId }: { messageId: string }) {
  const { t, locale } = useI18n();
  const path = `/api/outbox/${encodeURIComponent(messageId)}`;
  const message = useApi<OutboxMessageDetail & WaitingMessage>(path);
  const [notice, setNotice] = useState<{ kind: 'done' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Error | null>(null);
  const data = message.data;
  useDocumentTitle(data?.subject ?? t('outbox.title'));

  const act = async (action: 'retry' | 'cancel') => {
    setBusy(true);
    setFailure(null);
    try {
      await apiPost(`${path}/${action}`);
      message.reload();
    } catch (error) {
      setFailure(error instanceof Error ? error : new Error(String(error)));
    } finally {
      setBusy(false);
    }
  };

  const recipient = data ? [data.recipient.name, data.recipient.email ?? data.recipient.phone ?? data.recipient.postalAddress].filter(Boolean).join(' — ') : '';
  return (
    <main id="main" className="page">
      <p className="breadcrumb">
        <Link to="/outbox">← {t('outbox.back')}</Link>
      </p>
      {message.state === 'failed' ? <ErrorNotice error={message.error} onRetry={message.reload} /> : null}
      {message.state === 'loading' && !data ? <Loading /> : null}
      {data ? (
        <section className="panel" aria-labelledby="message-subject" data-testid="outbox-message">
          <div className="panel-heading">
            <h1 id="message-subject">{data.subject}</h1>
            <OutboxStatusBadge status={data.status} />
          </div>
          <dl className="facts">
            <div>
              <dt>{t('column.customer')}</dt>
              <dd>
                <Link to={`/customers/${encodeURIComponent(data.customer.id)}`}>{data.customer.name}</Link>
              </dd>
            </div>
            <div>
              <dt>{t('outbox.channel')}</dt>
              <dd>
                <ChannelLabel channel={data.channel} />
              </dd>
            </div>
            <div>
              <dt>{t('outbox.recipient')}</dt>
              <dd>{recipient || '—'}</dd>
            </div>
            <div>
              <dt>{t('outbox.created')}</dt>
              <dd>{formatTimestamp(data.created_at, locale)}</dd>
            </div>
            <div>
              <dt>{t('outbox.sent')}</dt>
              <dd>{data.sent_at ? formatTimestamp(data.sent_at, locale) : '—'}</dd>
            </div>
            <div>
              <dt>{t('outbox.attempts')}</dt>
              <dd>{formatNumber(data.attempts, locale)}</dd>
            </div>
          </dl>
          {data.last_error ? (
            // The last error stays on a message a person cancelled; it is no alarm any more.
            <p className={`notice ${data.needs_attention ? 'notice-error' : 'notice-info'}`}>
              <span className="notice-title">{t(data.needs_attention ? 'outbox.lastError' : 'outbox.note')}</span> <span lang="en">{data.last_error}</span>
            </p>
          ) : null}
          <WaitingReasonLine message={data} />
          {notice ? (
            <p className={`notice ${notice.kind === 'done' ? 'notice-info' : 'notice-error'}`} role={notice.kind === 'done' ? 'status' : 'alert'}>
              {notice.text}
            </p>
          ) : null}
          <OutboxMessageActions
            message={data}
            onDone={(result) => {
              setNotice(result);
              message.reload();
            }}
          />
          {data.status === 'unknown' ? <p className="notice notice-info">{t('outbox.unknownWarning')}</p> : null}
          {failure ? <ErrorNotice error={failure} /> : null}
          {data.needs_attention ? (
            <div className="inline-form">
              <button type="button" className="button button-primary" disabled={busy} onClick={() => void act('retry')}>
                {t('outbox.retry')}
              </button>
              <button type="button" className="button button-secondary" disabled={busy} onClick={() => void act('cancel')}>
                {t('outbox.cancel')}
              </button>
            </div>
          ) : null}
          <h2 className="subheading">{t('outbox.text')}</h2>
          <pre className="message-text" data-testid="outbox-text">
            {data.text}
          </pre>
        </section>
      ) : null}
    </main>
  );
}
