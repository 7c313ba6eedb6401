import '../card-table.css';
import { useState } from 'react';
import { withQuery } from '../api-client.js';
import { OUTBOX_STATUSES } from '../collection-types.js';
import { LettersOfDay } from '../components/letters-of-day.js';
import { OutboxMessageActions, WaitingReasonLine, type WaitingMessage } from '../components/outbox-message-actions.js';
import { ChannelLabel } from '../components/channel-label.js';
import { ErrorNotice, Loading } from '../components/status-message.js';
import { useI18n } from '../i18n.js';
import { Link, navigate, useLocation } from '../router.js';
import { useApi } from '../use-api.js';
import { useDocumentTitle } from '../use-document-title.js';
import { formatTimestamp } from '../format-timestamp.js';
import { OutboxStatusBadge } from '../components/outbox-status-badge.js';

export function OutboxPage() {
  const { t, locale } = useI18n();
  useDocumentTitle(t('outbox.title'));
  const { path, query } = useLocation();
  const status = query.get('status') ?? '';
  const messages = useApi<{ items: WaitingMessage[]; warnings?: { code: string; message: string; count?: number }[] }>(withQuery('/api/outbox', { status }));
  const held = messages.data?.warnings?.find((warning) => warning.code === 'no_sender_email');
  const items = messages.data?.items ?? [];
  const [notice, setNotice] = useState<{ kind: 'done' | 'error'; text: string } | null>(null);
  const done = (result: { kind: 'done' | 'error'; text: string }) => {
    setNotice(result);
    messages.reload();
  };
  return (
    <main id="main" className="page">
      <div className="page-heading">
        <h1>{t('outbox.title')}</h1>
        <div className="heading-tools">
          <label htmlFor="outbox-status">{t('outbox.status')}</label>
          <select id="outbox-status" value={status} onChange={(event) => navigate(withQuery(path, { status: event.target.value }), { replace: true })}>
            <option value="">{t('outbox.all')}</option>
            {OUTBOX_STATUSES.map((value) => (
              <option key={value} value={value}>
                {t(`outboxStatus.${value}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <LettersOfDay />
      {notice ? (
        <p className={`notice ${notice.kind === 'done' ? 'notice-info' : 'notice-error'}`} role={notice.kind === 'done' ? 'status' : 'alert'} data-testid="outbox-notice">
          {notice.text}
        </p>
      ) : null}
      {messages.state === 'failed' ? <ErrorNotice error={messages.error} onRetry={messages.reload} /> : null}
      {messages.state === 'loading' && !messages.data ? <Loading /> : null}
      {held ? (
        <p className="notice notice-warning" role="status" data-testid="outbox-held">
          {t('outbox.heldWarning', { count: held.count ?? 0 })} <Link to="/settings">{t('nav.settings')}</Link>
        </p>
      ) : null}
      {messages.data && items.length === 0 ? <p className="muted">{t('outbox.empty')}</p> : null}
      {items.length > 0 ? (
        <section className="panel panel-flush">
          <div className="table-scroll">
            <table className="data-table card-table" data-testid="outbox">
              <thead>
                <tr>
                  <th scope="col">{t('outbox.status')}</th>
                  <th scope="col">{t('outbox.channel')}</th>
                  <th scope="col">{t('column.customer')}</th>
                  <th scope="col">{t('outbox.subject')}</th>
                  <th scope="col">{t('outbox.created')}</th>
                  <th scope="col">{t('outbox.sent')}</th>
                  <th scope="col">{t('outboxActions.title')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((message) => (
                  <tr key={message.id} data-testid="outbox-row" data-message-id={message.id}>
                    <td data-label={t('outbox.status')}>
                      <OutboxStatusBadge status={message.status} />
                    </td>
                    <td data-label={t('outbox.channel')}>
                      <ChannelLabel channel={message.channel} />
                    </td>
                    <td data-label={t('column.customer')}>
                      <Link to={`/customers/${encodeURIComponent(message.customer.id)}`}>{message.customer.name}</Link>
                    </td>
                    <td data-label={t('outbox.subject')}>
                      <Link to={`/outbox/${encodeURIComponent(message.id)}`}>{message.subject}</Link>
                      <WaitingReasonLine message={message} />
                    </td>
                    <td data-label={t('outbox.created')}>{formatTimestamp(message.created_at, locale)}</td>
                    <td data-label={t('outbox.sent')}>{message.sent_at ? formatTimestamp(message.sent_at, locale) : '—'}</td>
                    <td data-label={t('outboxActions.title')}>
                      <OutboxMessageActions message={message} onDone={done} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </main>
  );
}
