import '../task-inbox.css';
import { useState } from 'react';
import { ApiError, apiPost, withQuery } from '../api-client.js';
import type { Bilingual } from '../collection-types.js';
import { CallOutcomeForm, CallOutcomeSummary, MAX_CALL_ATTEMPTS, type CallOutcome, type CallOutcomeBody } from '../components/call-outcome-form.js';
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
  kind: 'call' | 'approval' | 'handoff' | 'owner_notice' | 'dispute' | 'delivery';
  step_id: string | null;
  status: 'open' | 'done';
  title: Bilingual;
  detail: string | null;
  due_on: string | null;
  /** Which attempt of its chain a call is (retries after no answer count up). */
  attempt: number;
  outcome: string | null;
  call_outcome: CallOutcome | null;
  completed_at: string | null;
}

interface CustomerName {
  id: string;
  reference: string;
  name: string;
}

const KINDS = ['call', 'approval', 'handoff', 'dispute', 'owner_notice', 'delivery'] as const;

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

  const recordCall = async (task: CollectionTask, body: CallOutcomeBody) => {
    setMessage(null);
    try {
      const done = await apiPost<CollectionTask & { retry_task: CollectionTask | null }>(`/api/tasks/${encodeURIComponent(task.id)}/call-outcome`, body);
      const title = task.title[language];
      const outcome = done.call_outcome;
      let text = t('tasks.completed', { title });
      if (outcome?.outcome === 'no_answer') {
        text = done.retry_task ? t('tasks.retryPlanned', { title, date: formatDate(done.retry_task.due_on, locale) }) : t('tasks.unreachable', { title, max: MAX_CALL_ATTEMPTS });
      } else if (outcome?.outcome === 'promise') {
        text = t('tasks.promiseRecorded', { date: formatDate(outcome.promised_on, locale) });
      } else if (outcome?.outcome === 'dispute') {
        text = t('tasks.disputeRecorded', { invoice: outcome.invoice_number });
      }
      setMessage({ kind: 'done', text });
      tasks.reload();
    } catch (error) {
      setMessage({ kind: 'error', text: problemText(error, t) });
    }
  };

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
                        {task.kind === 'call' && task.detail && task.status === 'open' ? (
                          // The person on the phone reads the script while calling: it is not folded away.
                          <section className="call-script" data-testid="call-script" aria-label={t('tasks.callScript')}>
                            <h2 className="call-script-title">{t('tasks.callScript')}</h2>
                            <p>{task.detail}</p>
                          </section>
                        ) : task.detail ? (
                          <details className="task-detail">
                            <summary>{t('tasks.showDetail')}</summary>
                            <p className="muted">{task.detail}</p>
                          </details>
                        ) : null}
                      </td>
                      <td>{formatDate(task.due_on, locale)}</td>
                      <td>
                        {task.status === 'done' ? (
                          task.call_outcome ? (
                            <CallOutcomeSummary outcome={task.call_outcome} />
                          ) : (
                            <span>{task.outcome ?? '—'}</span>
                          )
                        ) : (
                          <TaskActions
                            task={task}
                            onApprove={(note) => act(task, () => apiPost(`/api/tasks/${encodeURIComponent(task.id)}/approve`, note ? { note } : {}), 'tasks.approved')}
                            onReject={(note) => act(task, () => apiPost(`/api/tasks/${encodeURIComponent(task.id)}/reject`, note ? { note } : {}), 'tasks.rejected')}
                            onComplete={(outcome) => act(task, () => apiPost(`/api/tasks/${encodeURIComponent(task.id)}/complete`, { outcome }), 'tasks.completed')}
                            onCallOutcome={(body) => recordCall(task, body)}
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
  onCallOutcome(body: CallOutcomeBody): Promise<void>;
}

function TaskActions({ task, onApprove, onReject, onComplete, onCallOutcome }: TaskActionsProps) {
  const { t } = useI18n();
  const [note, setNote] = useState('');
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
  if (task.kind === 'call') return <CallOutcomeForm taskId={task.id} customerId={task.customer_id} onSubmit={onCallOutcome} />;
  return (
    <div className="task-actions">
      <input id={noteId} type="text" value={note} placeholder={t('tasks.outcome')} aria-label={t('tasks.outcome')} onChange={(event) => setNote(event.target.value)} />
      <button type="button" className="button button-primary button-small" disabled={busy} onClick={() => run(() => onComplete(note.trim() || t('tasks.doneOutcome')))}>
        {t(task.kind === 'handoff' ? 'tasks.handoffSent' : 'tasks.markDone')}
      </button>
    </div>
  );
}
