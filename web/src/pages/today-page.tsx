import '../today.css';
import { useState } from 'react';
import { ApiError, apiPost, withQuery } from '../api-client.js';
import type { Session } from '../api-types.js';
import { ErrorNotice, Loading } from '../components/status-message.js';
import { formatMoney } from '../format.js';
import { useI18n } from '../i18n.js';
import { Link, navigate, useLocation } from '../router.js';
import { WORK_KINDS, type WorkKind, type Worklist, type WorklistLine } from '../today-types.js';
import { useApi } from '../use-api.js';
import { useDocumentTitle } from '../use-document-title.js';

const PAGE_SIZE = 25;

/** What POST /api/tasks/bulk answers for each task. */
type BulkItem = { id: string; ok: true; result: string } | { id: string; ok: false; result: 'error'; error: { message: { en: string; fr: string } } };

type Notice = { kind: 'done'; lines: string[]; failed: { key: string; customer: string; why: string }[] } | { kind: 'error'; error: Error };

/** A plain date in words for the reader ("6 December 2026", « 6 décembre 2026 »). */
export function dateInWords(date: string, locale: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const words = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(year, month - 1, day)));
  // French writes the first of the month as an ordinal: « le 1er mars ».
  return locale.startsWith('fr') && day === 1 ? words.replace(/^1 /, '1er ') : words;
}

function isWorkKind(value: string | null): value is WorkKind {
  return value !== null && (WORK_KINDS as readonly string[]).includes(value);
}

/** Where a line's one action leads when it is not decided right here. */
function actionTarget(line: WorklistLine): string {
  const customer = `/customers/${encodeURIComponent(line.customer.id)}`;
  if (line.kind === 'debtor_request') return `${customer}#debtor-requests`;
  switch (line.action.action) {
    case 'call':
      return withQuery('/tasks', { kind: 'call' });
    case 'fix_delivery':
      return '/outbox';
    case 'open_task':
      return withQuery('/tasks', { kind: line.kind });
    default:
      return customer;
  }
}

/** Today: the ranked worklist, the home page after sign-in. */
export function TodayPage() {
  const { t, tn, language, locale } = useI18n();
  useDocumentTitle(t('today.title'));
  const { path, query } = useLocation();
  const mine = query.get('mine') === '1';
  const kindParam = query.get('kind');
  const kind = isWorkKind(kindParam) ? kindParam : '';
  const segment = query.get('segment') ?? '';
  const page = Math.max(1, Number.parseInt(query.get('page') ?? '1', 10) || 1);
  const list = useApi<Worklist>(withQuery('/api/worklist', { owner: mine ? 'me' : undefined, kind: kind || undefined, segment: segment || undefined, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }));
  const me = useApi<Session>('/api/me');
  const role = me.data?.user?.role;
  const canDecide = role === 'admin' || role === 'collector';
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [notice, setNotice] = useState<Notice | null>(null);
  const [busy, setBusy] = useState(false);
  const segments = useApi<{ items: string[] }>('/api/customers/segments');

  const go = (changes: { mine?: boolean; kind?: string; segment?: string; page?: number }) => {
    const next = { mine: changes.mine ?? mine, kind: changes.kind ?? kind, segment: changes.segment ?? segment, page: changes.page ?? 1 };
    navigate(withQuery(path, { mine: next.mine ? '1' : undefined, kind: next.kind || undefined, segment: next.segment || undefined, page: next.page > 1 ? next.page : undefined }), { replace: true });
  };

  const data = list.data;
  const items = data?.items ?? [];
  const approvable = canDecide ? items.filter((line) => line.action.action === 'approve') : [];
  // A line decided elsewhere or paged away leaves the selection with the list.
  const chosen = approvable.filter((line) => selected.has(line.key));
  const total = data ? Object.values(data.counts).reduce((sum, count) => sum + count, 0) : 0;

  const approve = async (lines: readonly WorklistLine[]) => {
    setNotice(null);
    setBusy(true);
    try {
      const answer = await apiPost<{ items: BulkItem[] }>('/api/tasks/bulk', { action: 'approve', task_ids: lines.map((line) => line.task_id) });
      const byTask = new Map(lines.map((line) => [line.task_id, line]));
      const count = (...results: string[]) => answer.items.filter((item) => item.ok && results.includes(item.result)).length;
      const sentences: string[] = [];
      if (count('queued') > 0) sentences.push(tn('today.approved', count('queued')));
      if (count('handoff_task') > 0) sentences.push(tn('today.approvedHandoff', count('handoff_task')));
      if (count('handed_off') > 0) sentences.push(tn('tasks.bulkHandedOff', count('handed_off')));
      if (count('cancelled') > 0) sentences.push(tn('today.approvedNotSent', count('cancelled')));
      const failed = answer.items.flatMap((item) => (item.ok ? [] : [{ key: item.id, customer: byTask.get(item.id)?.customer.name ?? '', why: item.error.message[language] }]));
      setNotice({ kind: 'done', lines: sentences, failed });
      setSelected(new Set());
      list.reload();
    } catch (error) {
      setNotice({ kind: 'error', error: error instanceof Error ? error : new ApiError(0, { status: 0, title: String(error) }) });
    } finally {
      setBusy(false);
    }
  };

  const toggle = (key: string, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(key);
      else next.delete(key);
      return next;
    });

  return (
    <main id="main" className="page today-page">
      <div className="page-heading">
        <div>
          <h1>{t('today.title')}</h1>
          {data ? <p className="muted">{t('today.intro', { date: dateInWords(data.as_of, locale) })}</p> : null}
          {data?.figures_computed_at ? (
            <p className="muted" data-testid="today-figures-from-run">
              {t('today.figuresFromRun', { time: new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(new Date(data.figures_computed_at)) })}
            </p>
          ) : null}
        </div>
      </div>

      <div className="today-filters">
        <label className="today-mine">
          <input type="checkbox" checked={mine} onChange={(event) => go({ mine: event.target.checked })} />
          {t('today.mine')}
        </label>
        <label htmlFor="today-kind">{t('today.kindLabel')}</label>
        <select id="today-kind" value={kind} onChange={(event) => go({ kind: event.target.value })}>
          <option value="">{t('today.allKinds', { count: total })}</option>
          {WORK_KINDS.map((value) => (
            <option key={value} value={value}>
              {t('today.kindWithCount', { label: t(`today.kind.${value}`), count: data?.counts[value] ?? 0 })}
            </option>
          ))}
        </select>
        <label htmlFor="today-segment">{t('today.segmentLabel')}</label>
        <select id="today-segment" value={segment} onChange={(event) => go({ segment: event.target.value })}>
          <option value="">{t('today.allSegments')}</option>
          {(segments.data?.items ?? []).map((value) => (
            <option key={value} value={value}>
              {value}
            </option>
          ))}
        </select>
        {mine || kind || segment ? (
          <button
            type="button"
            className="button button-secondary button-small"
            onClick={() => navigate(path, { replace: true })}
          >
            {t('today.clearFilters')}
          </button>
        ) : null}
      </div>

      {data ? (
        <details className="today-ranking" data-testid="ranking-rule">
          <summary>{t('today.howRanked')}</summary>
          <p>{data.ranking_rule[language]}</p>
        </details>
      ) : null}

      {notice?.kind === 'error' ? <ErrorNotice error={notice.error} /> : null}
      {notice?.kind === 'done' && notice.lines.length > 0 ? (
        <div className="notice notice-info" role="status" data-testid="today-message">
          {notice.lines.map((line) => (
            <p key={line}>{line}</p>
          ))}
        </div>
      ) : null}
      {notice?.kind === 'done' && notice.failed.length > 0 ? (
        <div className="notice notice-error" role="alert">
          <p className="notice-title">{tn('today.failed', notice.failed.length)}</p>
          <ul>
            {notice.failed.map((failure) => (
              <li key={failure.key}>{t('today.failedLine', { customer: failure.customer, why: failure.why })}</li>
            ))}
          </ul>
        </div>
      ) : null}

      {me.data && !canDecide ? <p className="muted">{t('today.readOnly')}</p> : null}
      {approvable.length > 0 ? (
        <section className="today-bulk" aria-label={t('today.kind.approval')}>
          <span className="muted" aria-live="polite">
            {tn('today.selected', chosen.length)}
          </span>
          <button type="button" className="button button-primary button-small" disabled={chosen.length === 0 || busy} onClick={() => void approve(chosen)}>
            {t('today.approveSelected')}
          </button>
        </section>
      ) : null}

      {list.state === 'failed' ? <ErrorNotice error={list.error} onRetry={list.reload} /> : null}
      {list.state === 'loading' && !data ? <Loading /> : null}
      {data && items.length === 0 ? <p className="muted">{mine || kind || segment ? t('today.emptyFiltered') : t('today.empty')}</p> : null}

      {items.length > 0 ? (
        <section className="panel panel-flush">
          <div className="today-head" aria-hidden="true">
            <span />
            <span>{t('today.column.customer')}</span>
            <span className="numeric">{t('today.column.amount')}</span>
            <span>{t('today.column.late')}</span>
            <span>{t('today.column.risk')}</span>
            <span>{t('today.column.why')}</span>
            <span>{t('today.column.action')}</span>
          </div>
          <ol className="today-list" data-testid="worklist" start={data!.offset + 1}>
            {items.map((line) => (
              <li key={line.key} className="today-line" data-line-key={line.key} data-kind={line.kind}>
                <span className="today-select">
                  {line.action.action === 'approve' && canDecide ? (
                    <input
                      type="checkbox"
                      aria-label={t('today.select', { customer: line.customer.name })}
                      checked={selected.has(line.key)}
                      onChange={(event) => toggle(line.key, event.target.checked)}
                    />
                  ) : null}
                </span>
                <span className="today-customer">
                  <Link to={`/customers/${encodeURIComponent(line.customer.id)}`}>{line.customer.name}</Link>
                  <span className="reference">{line.customer.reference}</span>
                </span>
                <span className="today-amount numeric">{formatMoney(line.amount, locale)}</span>
                <span className="today-late">{line.days_late > 0 ? tn('today.daysLate', line.days_late) : t('today.notLate')}</span>
                <span className={`today-risk risk-${line.risk.level}`}>{t('today.riskLevel', { level: t(`today.risk.${line.risk.level}`) })}</span>
                <span className="today-why">
                  <span className="today-kind">{t(`today.line.${line.kind}`)}</span>
                  {line.attempt !== null && line.attempt > 1 ? <span className="today-kind">{t('today.callRetry', { attempt: line.attempt })}</span> : null}
                  <span>{line.why[language]}</span>
                  <span className="today-explanation muted">{line.ranking[language]}</span>
                </span>
                <span className="today-action">
                  {line.action.action === 'approve' ? (
                    canDecide ? (
                      <button type="button" className="button button-primary button-small" disabled={busy} onClick={() => void approve([line])}>
                        {t('today.action.approve')}
                      </button>
                    ) : null
                  ) : (
                    <Link className="button button-secondary button-small" to={actionTarget(line)}>
                      {t(`today.action.${line.action.action}`)}
                    </Link>
                  )}
                </span>
              </li>
            ))}
          </ol>
        </section>
      ) : null}

      {data && data.total > data.limit ? (
        <nav className="pagination today-pager" aria-label={t('today.page', { from: data.offset + 1, to: data.offset + items.length, total: data.total })}>
          <button type="button" className="button button-secondary button-small" disabled={page <= 1} onClick={() => go({ page: page - 1 })}>
            {t('today.previous')}
          </button>
          <span className="muted">{t('today.page', { from: data.offset + 1, to: data.offset + items.length, total: data.total })}</span>
          <button type="button" className="button button-secondary button-small" disabled={data.offset + items.length >= data.total} onClick={() => go({ page: page + 1 })}>
            {t('today.next')}
          </button>
        </nav>
      ) : null}
    </main>
  );
}
