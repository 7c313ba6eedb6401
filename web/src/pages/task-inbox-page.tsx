import '../task-inbox.css';
import { useState } from 'react';
import { ApiError, apiPost, withQuery } from '../api-client.js';
import type { PlainDate, Session } from '../api-types.js';
import type { Bilingual } from '../collection-types.js';
import { CallOutcomeForm, CallOutcomeSummary, MAX_CALL_ATTEMPTS, type CallOutcome, type CallOutcomeBody } from '../components/call-outcome-form.js';
import { RejectionForm, type Rejection } from '../components/rejection-form.js';
import { ErrorNotice, Loading } from '../components/status-message.js';
import { formatDate } from '../format.js';
import { useI18n, type Translate } from '../i18n.js';
import type { Language, MessageKey } from '../messages.js';
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

/** What `POST /api/tasks/:id/approve` and `/reject` answer. */
interface Decision {
  result: 'queued' | 'handoff_task' | 'cancelled' | 'rejected' | 'passed';
  note: string | null;
  action: { id: string; step_id: string; status: string; retry_on: PlainDate | null };
}

/** One line of the bulk answer: a task that could not be decided says why, the others went through. */
type BulkDecision = { id: string } & (Decision | { result: 'error'; note: string });

interface PageMessage {
  kind: 'done' | 'error';
  lines: string[];
  /** Tasks of a bulk decision that could not be decided, each with the reason in plain words. */
  failed?: { id: string; title: string; why: string; serverWords: string | null }[];
}

type CountedKey = 'tasks.rejectSelectedTitle' | 'tasks.selected' | 'tasks.bulkApproved' | 'tasks.bulkRejectedUntil' | 'tasks.bulkPassed' | 'tasks.bulkNotSent' | 'tasks.bulkErrors';

/** A sentence about a number of tasks, in the singular or the plural as the language has it (French: 0 and 1 are singular). */
function counted(t: Translate, language: Language, key: CountedKey, count: number, values: Record<string, string> = {}): string {
  const form = new Intl.PluralRules(language).select(count) === 'one' ? 'one' : 'other';
  return t(`${key}.${form}`, { count, ...values });
}

/** The server's own sentence in the reader's language when it gives one (a hand-off with no partner), else its detail. */
function problemText(error: unknown, t: Translate, language: Language): string {
  if (error instanceof ApiError) return error.problem.localized_detail?.[language] ?? error.problem.detail ?? error.message;
  return t('error.network');
}

/**
 * Why a task of a bulk decision was not decided, in the reader's words. The bulk answer carries
 * the server's English sentence only, so the known cases are recognised and told plainly; any
 * other is shown as the server wrote it.
 */
function whyNotDecided(note: string, t: Translate): { why: string; serverWords: string | null } {
  if (/collection partner/i.test(note)) return { why: t('tasks.error.noPartner'), serverWords: null };
  if (/is already (done|decided|closed)/i.test(note)) return { why: t('tasks.error.alreadyDecided'), serverWords: null };
  if (/no longer awaits approval/i.test(note)) return { why: t('tasks.error.notWaiting'), serverWords: null };
  if (/^no approval task/i.test(note)) return { why: t('tasks.error.notFound'), serverWords: null };
  return { why: t('tasks.error.other'), serverWords: note };
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
  const me = useApi<Session>('/api/me');
  const settings = useApi<{ rejection_hold_days: number }>('/api/settings/collection');
  const names = new Map((customers.data?.items ?? []).map((customer) => [customer.id, customer]));
  const [message, setMessageState] = useState<PageMessage | null>(null);
  const setMessage = (next: { kind: 'done' | 'error'; text: string } | null) => setMessageState(next ? { kind: next.kind, lines: [next.text] } : null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  /** The task whose rejection form is open, or "selected" for the bulk one: one at a time. */
  const [rejecting, setRejecting] = useState<string | null>(null);
  const items = tasks.data?.items ?? [];
  const role = me.data?.user?.role;
  const canDecide = role === 'admin' || role === 'collector';
  const holdDays = settings.data?.rejection_hold_days ?? 30;
  const approvals = status === 'open' && canDecide ? items.filter((task) => task.kind === 'approval' && task.status === 'open') : [];
  // A task decided elsewhere or filtered out leaves the selection with the list.
  const chosen = approvals.filter((task) => selected.has(task.id));
  const titleOf = (id: string) => items.find((task) => task.id === id)?.title[language] ?? t('tasks.task');

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
      setMessage({ kind: 'error', text: problemText(error, t, language) });
    }
  };

  const act = async (task: CollectionTask, run: () => Promise<unknown>, doneKey: MessageKey) => {
    setMessage(null);
    try {
      await run();
      setMessage({ kind: 'done', text: t(doneKey, { title: task.title[language] }) });
      tasks.reload();
    } catch (error) {
      setMessage({ kind: 'error', text: problemText(error, t, language) });
    }
  };

  const decisionText = (title: string, decision: Decision): string => {
    switch (decision.result) {
      case 'rejected':
        return t('tasks.rejectedUntil', { title, date: formatDate(decision.action.retry_on, locale) });
      case 'passed':
        return t('tasks.passed', { title });
      case 'handoff_task':
        return t('tasks.approvedHandoff', { title });
      case 'cancelled':
        return t('tasks.approvedNotSent', { title });
      case 'queued':
        return t('tasks.approved', { title });
    }
  };

  const approve = async (task: CollectionTask, note: string) => {
    setMessage(null);
    try {
      const decision = await apiPost<Decision>(`/api/tasks/${encodeURIComponent(task.id)}/approve`, note ? { note } : {});
      setMessage({ kind: 'done', text: decisionText(task.title[language], decision) });
      tasks.reload();
    } catch (error) {
      // A hand-off with no partner named is refused whole: the server says so in both languages.
      setMessage({ kind: 'error', text: problemText(error, t, language) });
    }
  };

  /** Rejects one task; a refusal goes back to the form, which shows it under its field. */
  const reject = async (task: CollectionTask, rejection: Rejection) => {
    setMessage(null);
    const decision = await apiPost<Decision>(`/api/tasks/${encodeURIComponent(task.id)}/reject`, rejection);
    setRejecting(null);
    setMessage({ kind: 'done', text: decisionText(task.title[language], decision) });
    tasks.reload();
  };

  const decideSelected = async (verb: 'approve' | 'reject', rejection?: Rejection) => {
    setMessage(null);
    const ids = chosen.map((task) => task.id);
    const answer = await apiPost<{ items: BulkDecision[] }>(`/api/tasks/${verb}`, { ids, ...rejection });
    const count = (...results: string[]) => answer.items.filter((item) => results.includes(item.result)).length;
    const lines: string[] = [];
    const approved = count('queued', 'handoff_task');
    if (approved > 0) lines.push(counted(t, language, 'tasks.bulkApproved', approved));
    if (count('cancelled') > 0) lines.push(counted(t, language, 'tasks.bulkNotSent', count('cancelled')));
    const rejected = answer.items.filter((item): item is { id: string } & Decision => item.result === 'rejected');
    if (rejected.length > 0) lines.push(counted(t, language, 'tasks.bulkRejectedUntil', rejected.length, { date: formatDate(rejected[0]!.action.retry_on, locale) }));
    if (count('passed') > 0) lines.push(counted(t, language, 'tasks.bulkPassed', count('passed')));
    const failed = answer.items
      .filter((item) => item.result === 'error')
      .map((item) => ({ id: item.id, title: titleOf(item.id), ...whyNotDecided(item.note ?? '', t) }));
    setRejecting(null);
    setSelected(new Set());
    setMessageState({ kind: 'done', lines, failed });
    tasks.reload();
  };

  const approveSelected = async () => {
    try {
      await decideSelected('approve');
    } catch (error) {
      setMessage({ kind: 'error', text: problemText(error, t, language) });
    }
  };

  const toggle = (id: string, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

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
      {!canDecide && me.data ? <p className="muted">{t('tasks.readOnly')}</p> : null}
      {message && message.lines.length > 0 ? (
        <div className={message.kind === 'done' ? 'notice notice-info' : 'notice notice-error'} role={message.kind === 'done' ? 'status' : 'alert'} data-testid="task-message">
          {message.lines.map((line) => (
            <p key={line}>{line}</p>
          ))}
        </div>
      ) : null}
      {message?.failed && message.failed.length > 0 ? (
        <div className="notice notice-error" role="alert" data-testid="task-errors">
          <p className="notice-title">{counted(t, language, 'tasks.bulkErrors', message.failed.length)}</p>
          <ul>
            {message.failed.map((failure) => (
              <li key={failure.id}>
                {t('tasks.errorLine', { title: failure.title, why: failure.why })}
                {failure.serverWords ? <span lang="en"> {failure.serverWords}</span> : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {approvals.length > 0 ? (
        <section className="bulk-bar" aria-label={t('tasks.kind.approval')} data-testid="bulk-approvals">
          <span className="muted" aria-live="polite">
            {counted(t, language, 'tasks.selected', chosen.length)}
          </span>
          <button type="button" className="button button-primary button-small" disabled={chosen.length === 0 || rejecting === 'selected'} onClick={() => void approveSelected()}>
            {t('tasks.approveSelected')}
          </button>
          <button type="button" className="button button-secondary button-small" disabled={chosen.length === 0} aria-expanded={rejecting === 'selected'} onClick={() => setRejecting(rejecting === 'selected' ? null : 'selected')}>
            {t('tasks.rejectSelected')}
          </button>
          {rejecting === 'selected' && chosen.length > 0 ? (
            <RejectionForm
              id="reject-selected"
              title={counted(t, language, 'tasks.rejectSelectedTitle', chosen.length)}
              defaultHoldDays={holdDays}
              onSubmit={(rejection) => decideSelected('reject', rejection)}
              onCancel={() => setRejecting(null)}
            />
          ) : null}
        </section>
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
                  {approvals.length > 0 ? (
                    <th scope="col" className="select-cell">
                      <input
                        type="checkbox"
                        aria-label={t('tasks.selectAll')}
                        checked={chosen.length === approvals.length}
                        onChange={(event) => setSelected(new Set(event.target.checked ? approvals.map((task) => task.id) : []))}
                      />
                    </th>
                  ) : null}
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
                      {approvals.length > 0 ? (
                        <td className="select-cell">
                          {task.kind === 'approval' ? (
                            <input type="checkbox" aria-label={t('tasks.select', { title: task.title[language] })} checked={selected.has(task.id)} onChange={(event) => toggle(task.id, event.target.checked)} />
                          ) : null}
                        </td>
                      ) : null}
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
                        ) : !canDecide ? (
                          <span className="muted">—</span>
                        ) : (
                          <TaskActions
                            task={task}
                            rejecting={rejecting === task.id}
                            holdDays={holdDays}
                            onApprove={(note) => approve(task, note)}
                            onStartRejecting={(on) => setRejecting(on ? task.id : null)}
                            onReject={(rejection) => reject(task, rejection)}
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
  /** The rejection form of this task is open. */
  rejecting: boolean;
  holdDays: number;
  onApprove(note: string): Promise<void>;
  onStartRejecting(on: boolean): void;
  onReject(rejection: Rejection): Promise<void>;
  onComplete(outcome: string): Promise<void>;
  onCallOutcome(body: CallOutcomeBody): Promise<void>;
}

function TaskActions({ task, rejecting, holdDays, onApprove, onStartRejecting, onReject, onComplete, onCallOutcome }: TaskActionsProps) {
  const { t, language } = useI18n();
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
        <button type="button" className="button button-primary button-small" disabled={busy || rejecting} onClick={() => run(() => onApprove(note.trim()))}>
          {t('tasks.approve')}
        </button>
        <button type="button" className="button button-secondary button-small" disabled={busy} aria-expanded={rejecting} onClick={() => onStartRejecting(!rejecting)}>
          {t('tasks.reject')}
        </button>
        {rejecting ? (
          <RejectionForm
            id={`reject-${task.id}`}
            title={t('tasks.rejectTitle', { title: task.title[language] })}
            defaultHoldDays={holdDays}
            onSubmit={onReject}
            onCancel={() => onStartRejecting(false)}
          />
        ) : null}
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
