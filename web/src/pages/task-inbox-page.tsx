import '../task-inbox.css';
import { useState } from 'react';
import { ApiError, apiPost, withQuery } from '../api-client.js';
import type { Bilingual } from '../collection-types.js';
import { ErrorNotice, Loading } from '../components/status-message.js';
import { formatDate } from '../format.js';
import { useI18n, type Translate } from '../i18n.js';
import type { MessageKey } from '../messages.js';
import { Link, navigate, useLocation } from '../router.js';
import { useApi } from '../use-api.js';
import { useDocumentTitle } from '../use-document-title.js';

export interface CollectionTask {
  id: string;
  customer_id: string;
  kind: 'call' | 'approval' | 'handoff' | 'owner_notice' | 'dispute';
  step_id: string | null;
  status: 'open' | 'done';
  title: Bilingual;
  detail: string | null;
  due_on: string | null;
  outcome: string | null;
  completed_at: string | null;
}

interface CustomerName {
  id: string;
  reference: string;
  name: string;
}

const KINDS = ['call', 'approval', 'handoff', 'dispute', 'owner_notice'] as const;
const CALL_OUTCOMES = ['reached', 'promise', 'dispute', 'no_answer'] as const;
type CallOutcome = (typeof CALL_OUTCOMES)[number];

function problemText(error: unknown, t: Translate): string {
  if (error instanceof ApiError) return error.problem.detail ?? error.message;
  return t('error.network');
}

/** Work for people: calls to make, steps to approve, hand-offs to send, disputes to settle. */
export function TaskInboxPage() {
  const { t, language, locale } = useI18n();
  useDocumentTitle(t('tasks.title'));
  const { path, query } = useLocation();
  const status = query.get('status') ?? 'open';
  const kind = query.get('kind') ?? '';
  const tasks = useApi<{ items: CollectionTask[] }>(withQuery('/api/tasks', { status, kind }));
  const customers = useApi<{ items: CustomerName[] }>('/api/customers?limit=500');
  const names = new Map((customers.data?.items ?? []).map((customer) => [customer.id, customer]));
  const [message, setMessage] = useState<{ kind: 'done' | 'error'; text: string } | null>(null);
  const items = tasks.data?.items ?? [];

  const act = async (task: CollectionTask, run: () => Promise<unknown>, doneKey: MessageKey) => {
    setMessage(null);
    try {
      await run();
      setMessage({ kind: 'done', text: t(doneKey, { title: task.title[language] }) });
      tasks.reload();
    } catch (error) {
      setMessage({ kind: 'error', text: problemText(error, t) });
    }
  };

  return (
    <main id="main" className="page">
      <div className="page-heading">
        <div>
          <h1>{t('tasks.title')}</h1>
          <p className="muted">{t('tasks.intro')}</p>
        </div>
        <div className="heading-tools">
          <label htmlFor="task-status">{t('tasks.status')}</label>
          <select id="task-status" value={status} onChange={(event) => navigate(withQuery(path, { status: event.target.value, kind }), { replace: true })}>
            <option value="open">{t('tasks.status.open')}</option>
            <option value="done">{t('tasks.status.done')}</option>
          </select>
          <label htmlFor="task-kind">{t('tasks.kind')}</label>
          <select id="task-kind" value={kind} onChange={(event) => navigate(withQuery(path, { status, kind: event.target.value }), { replace: true })}>
            <option value="">{t('tasks.allKinds')}</option>
            {KINDS.map((value) => (
              <option key={value} value={value}>
                {t(`tasks.kind.${value}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {message ? (
        <p className={message.kind === 'done' ? 'notice notice-info' : 'notice notice-error'} role={message.kind === 'done' ? 'status' : 'alert'}>
          {message.text}
        </p>
      ) : null}
      {tasks.state === 'failed' ? <ErrorNotice error={tasks.error} onRetry={tasks.reload} /> : null}
      {tasks.state === 'loading' && !tasks.data ? <Loading /> : null}
      {tasks.data && items.length === 0 ? <p className="muted">{t('tasks.empty')}</p> : null}
      {items.length > 0 ? (
        <section className="panel panel-flush">
          <div className="table-scroll">
            <table className="data-table" data-testid="task-inbox">
              <thead>
                <tr>
                  <th scope="col">{t('tasks.kind')}</th>
                  <th scope="col">{t('column.customer')}</th>
                  <th scope="col">{t('tasks.task')}</th>
                  <th scope="col">{t('tasks.due')}</th>
                  <th scope="col">{status === 'open' ? t('tasks.actions') : t('tasks.outcome')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((task) => {
                  const customer = names.get(task.customer_id);
                  return (
                    <tr key={task.id} data-testid="task-row" data-kind={task.kind} data-task-id={task.id}>
                      <td>
                        <span className="tag">{t(`tasks.kind.${task.kind}`)}</span>
                      </td>
                      <td>
                        <Link to={`/customers/${encodeURIComponent(task.customer_id)}`}>{customer ? customer.name : t('tasks.customer')}</Link>
                      </td>
                      <td>
                        <strong>{task.title[language]}</strong>
                        {task.detail ? (
                          <details className="task-detail">
                            <summary>{t('tasks.showDetail')}</summary>
                            <p className="muted">{task.detail}</p>
                          </details>
                        ) : null}
                      </td>
                      <td>{formatDate(task.due_on, locale)}</td>
                      <td>
                        {task.status === 'done' ? (
                          <span>{task.outcome ?? '—'}</span>
                        ) : (
                          <TaskActions
                            task={task}
                            onApprove={(note) => act(task, () => apiPost(`/api/tasks/${encodeURIComponent(task.id)}/approve`, note ? { note } : {}), 'tasks.approved')}
                            onReject={(note) => act(task, () => apiPost(`/api/tasks/${encodeURIComponent(task.id)}/reject`, note ? { note } : {}), 'tasks.rejected')}
                            onComplete={(outcome) => act(task, () => apiPost(`/api/tasks/${encodeURIComponent(task.id)}/complete`, { outcome }), 'tasks.completed')}
                            onNoAnswer={() => setMessage({ kind: 'done', text: t('tasks.noAnswerKept', { title: task.title[language] }) })}
                          />
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </main>
  );
}

interface TaskActionsProps {
  task: CollectionTask;
  onApprove(note: string): Promise<void>;
  onReject(note: string): Promise<void>;
  onComplete(outcome: string): Promise<void>;
  onNoAnswer(): void;
}

function TaskActions({ task, onApprove, onReject, onComplete, onNoAnswer }: TaskActionsProps) {
  const { t } = useI18n();
  const [note, setNote] = useState('');
  const [outcome, setOutcome] = useState<CallOutcome>('reached');
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    try {
      await action();
    } finally {
      setBusy(false);
    }
  };
  const noteId = `task-note-${task.id}`;

  if (task.kind === 'approval') {
    return (
      <div className="task-actions">
        <label htmlFor={noteId} className="visually-hidden">
          {t('tasks.note')}
        </label>
        <input id={noteId} type="text" value={note} placeholder={t('tasks.note')} onChange={(event) => setNote(event.target.value)} />
        <button type="button" className="button button-primary button-small" disabled={busy} onClick={() => run(() => onApprove(note.trim()))}>
          {t('tasks.approve')}
        </button>
        <button type="button" className="button button-secondary button-small" disabled={busy} onClick={() => run(() => onReject(note.trim()))}>
          {t('tasks.reject')}
        </button>
      </div>
    );
  }
  if (task.kind === 'call') {
    const outcomeId = `task-outcome-${task.id}`;
    return (
      <div className="task-actions">
        <label htmlFor={outcomeId} className="visually-hidden">
          {t('tasks.callOutcome')}
        </label>
        <select id={outcomeId} value={outcome} onChange={(event) => setOutcome(event.target.value as CallOutcome)}>
          {CALL_OUTCOMES.map((value) => (
            <option key={value} value={value}>
              {t(`tasks.call.${value}`)}
            </option>
          ))}
        </select>
        <input id={noteId} type="text" value={note} placeholder={t('tasks.note')} aria-label={t('tasks.note')} onChange={(event) => setNote(event.target.value)} />
        <button
          type="button"
          className="button button-primary button-small"
          disabled={busy}
          // Nobody answered: the call is still to make, so the task stays open.
          onClick={() => (outcome === 'no_answer' ? onNoAnswer() : run(() => onComplete(note.trim() ? `${outcome}: ${note.trim()}` : outcome)))}
        >
          {t('tasks.recordCall')}
        </button>
        {outcome === 'promise' || outcome === 'dispute' ? (
          <Link to={`/customers/${encodeURIComponent(task.customer_id)}`}>{t(outcome === 'promise' ? 'tasks.recordPromise' : 'tasks.recordDispute')}</Link>
        ) : null}
      </div>
    );
  }
  return (
    <div className="task-actions">
      <input id={noteId} type="text" value={note} placeholder={t('tasks.outcome')} aria-label={t('tasks.outcome')} onChange={(event) => setNote(event.target.value)} />
      <button type="button" className="button button-primary button-small" disabled={busy} onClick={() => run(() => onComplete(note.trim() || t('tasks.doneOutcome')))}>
        {t(task.kind === 'handoff' ? 'tasks.handoffSent' : 'tasks.markDone')}
      </button>
    </div>
  );
}
