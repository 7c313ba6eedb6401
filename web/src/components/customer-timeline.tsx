/**
 * The customer's timeline: every exchange and event, newest first, filtered by kind, a page at
 * a time ("Show more").
 *
 * Reloading after an action: any component of the customer page that changes the account
 * dispatches `window.dispatchEvent(new Event('relance:customer-changed'))` (the constant
 * CUSTOMER_CHANGED_EVENT of ../customer-timeline-types.ts); the timeline then reads itself
 * again. The `version` prop does the same for a parent that prefers a counter.
 */
import '../customer-timeline.css';
import { useEffect, useState } from 'react';
import { withQuery } from '../api-client.js';
import { CUSTOMER_CHANGED_EVENT, TIMELINE_KINDS, type TimelineEntry, type TimelineKind } from '../customer-timeline-types.js';
import type { Page } from '../api-types.js';
import { formatDate, formatDateInWords } from '../format.js';
import { formatTimestamp } from '../format-timestamp.js';
import { useI18n } from '../i18n.js';
import { Link } from '../router.js';
import { useApi } from '../use-api.js';
import { ErrorNotice, Loading } from './status-message.js';

const PAGE_SIZE = 20;
// The API's largest page: "Show more" asks for a longer first page rather than stitching pages.
const MAX_ROWS = 500;

export function CustomerTimeline({ customerPath, version = 0 }: { customerPath: string; version?: number }) {
  const { t } = useI18n();
  const [kind, setKind] = useState<TimelineKind | ''>('');
  const [rows, setRows] = useState(PAGE_SIZE);
  const feed = useApi<Page<TimelineEntry>>(withQuery(`${customerPath}/timeline`, { kind, limit: Math.min(rows, MAX_ROWS), offset: 0 }));
  const { reload } = feed;

  useEffect(() => {
    window.addEventListener(CUSTOMER_CHANGED_EVENT, reload);
    return () => window.removeEventListener(CUSTOMER_CHANGED_EVENT, reload);
  }, [reload]);
  useEffect(() => {
    if (version > 0) reload();
  }, [version, reload]);

  const page = feed.data;
  const items = page?.items ?? [];
  return (
    <section className="panel customer-timeline" aria-labelledby="timeline-title" data-testid="customer-timeline">
      <div className="timeline-heading">
        <div>
          <h2 id="timeline-title">{t('timeline.title')}</h2>
          <p className="muted">{t('timeline.intro')}</p>
        </div>
        <div className="field">
          <label htmlFor="timeline-kind">{t('timeline.filter')}</label>
          <select id="timeline-kind" value={kind} onChange={(event) => {
              setKind(event.target.value as TimelineKind | '');
              setRows(PAGE_SIZE);
            }}>
            <option value="">{t('timeline.kind.all')}</option>
            {TIMELINE_KINDS.map((value) => (
              <option key={value} value={value}>
                {t(`timeline.kind.${value}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {feed.state === 'failed' ? <ErrorNotice error={feed.error} onRetry={reload} /> : null}
      {!page && feed.state === 'loading' ? <Loading /> : null}
      {page && items.length === 0 ? <p className="muted">{t(kind ? 'timeline.emptyKind' : 'timeline.empty')}</p> : null}
      {items.length > 0 ? (
        <ol className="timeline-list" aria-label={t('timeline.list')} aria-busy={feed.state === 'loading'}>
          {items.map((entry) => (
            <TimelineItem key={entry.id} entry={entry} />
          ))}
        </ol>
      ) : null}
      {page && items.length > 0 ? (
        <div className="timeline-more">
          <span className="muted" aria-live="polite">
            {t('timeline.shown', { shown: items.length, total: page.total })}
          </span>
          {items.length < page.total && rows < MAX_ROWS ? (
            <button type="button" className="button button-secondary button-small" disabled={feed.state === 'loading'} onClick={() => setRows((n) => n + PAGE_SIZE)}>
              {t('timeline.showMore')}
            </button>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

/** Some recorded sentences carry a day as YYYY-MM-DD; a reader gets it in words. */
function datesInWords(sentence: string, locale: string): string {
  return sentence.replace(/\b\d{4}-\d{2}-\d{2}\b/g, (day) => formatDateInWords(day, locale));
}

function TimelineItem({ entry }: { entry: TimelineEntry }) {
  const { t, language, locale } = useI18n();
  const author = entry.author === null ? null : entry.author.type === 'user' ? t('timeline.by', { name: entry.author.name }) : t('timeline.byKey', { name: entry.author.name });
  const messageId = entry.links.message?.split('/').pop();
  return (
    <li className={`timeline-item timeline-${entry.kind}`} data-testid="timeline-entry" data-kind={entry.kind}>
      <div className="timeline-meta">
        <time dateTime={entry.occurred_on} title={formatTimestamp(entry.occurred_at, locale)}>
          {formatDate(entry.occurred_on, locale)}
        </time>
        <span className="timeline-kind">{t(`timeline.kind.${entry.kind}`)}</span>
      </div>
      <p className="timeline-summary">{datesInWords(entry.summary[language], locale)}</p>
      {author || entry.links.message ? (
        <p className="timeline-details muted">
          {author ? <span data-testid="timeline-author">{author}</span> : null}
          {messageId ? <Link to={`/outbox/${messageId}`}>{t('timeline.openMessage')}</Link> : null}
          {entry.links.document ? (
            <a href={entry.links.document} target="_blank" rel="noreferrer">
              {t('timeline.openDocument')}
            </a>
          ) : null}
        </p>
      ) : null}
    </li>
  );
}
