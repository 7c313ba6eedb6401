import { withQuery } from '../api-client.js';
import { OUTBOX_STATUSES, type OutboxMessage } from '../collection-types.js';
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
  const messages = useApi<{ items: OutboxMessage[]; warnings?: { code: string; message: string; count?: number }[] }>(withQuery('/api/outbox', { status }));
  const held = messages.data?.warnings?.find((warning) => warning.code === 'no_sender_email');
  const items = messages.data?.items ?? [];
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
            <table className="data-table" data-testid="outbox">
              <thead>
                <tr>
                  <th scope="col">{t('outbox.status')}</th>
                  <th scope="col">{t('outbox.channel')}</th>
                  <th scope="col">{t('column.customer')}</th>
                  <th scope="col">{t('outbox.subject')}</th>
                  <th scope="col">{t('outbox.created')}</th>
                  <th scope="col">{t('outbox.sent')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((message) => (
                  <tr key={message.id} data-testid="outbox-row">
                    <td>
                      <OutboxStatusBadge status={message.status} />
                    </td>
                    <td>
                      <ChannelLabel channel={message.channel} />
                    </td>
                    <td>
                      <Link to={`/customers/${encodeURIComponent(message.customer.id)}`}>{message.customer.name}</Link>
                    </td>
                    <td>
                      <Link to={`/outbox/${encodeURIComponent(message.id)}`}>{message.subject}</Link>
                    </td>
                    <td>{formatTimestamp(message.created_at, locale)}</td>
                    <td>{message.sent_at ? formatTimestamp(message.sent_at, locale) : '—'}</td>
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
