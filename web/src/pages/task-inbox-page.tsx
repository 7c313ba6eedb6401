import '../card-table.css';
import '../task-inbox.css';
import { useState } from 'react';
import { ApiError, apiGet, apiPost, apiPut, withQuery } from '../api-client.js';
import type { ListOf, MoneyJson, PlainDate, Session, UserSummary } from '../api-types.js';
import type { Bilingual } from '../collection-types.js';
import type { Mandate } from '../mandate-types.js';
import { CallOutcomeForm, CallOutcomeSummary, MAX_CALL_ATTEMPTS, type CallOutcome, type CallOutcomeBody } from '../components/call-outcome-form.js';
import { RejectionForm, type Rejection } from '../components/rejection-form.js';
import { ErrorNotice, Loading } from '../components/status-message.js';
import { formatDate, formatMoney } from '../format.js';
import { useI18n, type Translate } from '../i18n.js';
import type { Language, MessageKey } from '../messages.js';
import { Link, navigate, useLocation } from '../router.js';
import { useApi } from '../use-api.js';
import { useDocumentTitle } from '../use-document-title.js';
import { failureSentence } from '../spoken-codes.js';

export interface CollectionTask {
  id: string;
  customer_id: string;
  kind: 'call' | 'approval' | 'handoff' | 'owner_notice' | 'dispute' | 'delivery' | 'debtor_request' | 'reply';
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
  customer: { id: string; reference: string; name: string };
  /** What the step asks for, as the API computed it; null for a task without a step. */
  amount: MoneyJson | null;
  invoice_numbers: string[];
  assignee: { id: string; name: string } | null;
}

/** One page of `GET /api/tasks`. */
interface TaskPage {
  items: CollectionTask[];
  total: number;
  limit: number;
  offset: number;
}

const KINDS = ['call', 'approval', 'handoff', 'dispute', 'owner_notice', 'delivery', 'debtor_request', 'reply'] as const;
const SORTS = ['priority', 'amount', 'due_date'] as const;
export const PAGE_SIZE = 25;

/** What `POST /api/tasks/:id/approve` and `/reject` answer. */
interface Decision {
  result: 'queued' | 'handoff_task' | 'handed_off' | 'cancelled' | 'rejected' | 'passed';
  note: string | null;
  action: { id: string; step_id: string; status: string; retry_on: PlainDate | null };
}

/** One line of `POST /api/tasks/bulk`: a task that could not be done says why, in both languages. */
type BulkResult =
  | { id: string; ok: true; result: Decision['result'] | 'assigned'; note: string | null; retry_on: PlainDate | null }
  | { id: string; ok: false; result: 'error'; error: { message: { en: string; fr: string } } };

interface PageMessage {
  kind: 'done' | 'error';
  lines: string[];
  /** Tasks of a bulk request that could not be done, each with the reason in plain words. */
  failed?: { id: string; title: string; why: string }[];
}

type CountedKey =
  | 'tasks.rejectSelectedTitle'
  | 'tasks.selected'
  | 'tasks.bulkApproved'
  | 'tasks.bulkRejectedUntil'
  | 'tasks.bulkPassed'
  | 'tasks.bulkNotSent'
  | 'tasks.bulkHandedOff'
  | 'inbox.bulkFailed'
  | 'inbox.bulkAssigned'
  | 'inbox.bulkUnassigned'
  | 'inbox.approvalsChosen';

/** A sentence about a number of tasks, in the singular or the plural as the language has it (French: 0 and 1 are singular). */
function counted(t: Translate, language: Language, key: CountedKey, count: number, values: Record<string, string> = {}): string {
  const form = new Intl.PluralRules(language).select(count) === 'one' ? 'one' : 'other';
  return t(`${key}.${form}`, { count, ...values });
}

/** The partner a customer's case is with now, by name; null when that cannot be read (the sentence then says "the partner"). */
async function handedPartnerName(customerId: string): Promise<string | null> {
  try {
    const mandates = await apiGet<ListOf<Mandate>>(withQuery('/api/mandates', { status: 'active', customer_id: customerId }));
    return mandates.items[0]?.partner.name ?? null;
  } catch {
    return null;
  }
}

/** Work for people: calls to make, steps to approve, hand-offs to send, disputes to settle. */
export function TaskInboxPage() {
  const i18n = useI18n();
  const { t, language, locale } = i18n;
  useDocumentTitle(t('tasks.title'));
  const { path, query } = useLocation();
  const status = query.get('status') ?? 'open';
  const kind = query.get('kind') ?? '';
  const owner = query.get('owner') ?? '';
  const sort = query.get('sort') ?? 'priority';
  const pageNumber = Math.max(1, Number(query.get('page') ?? '1') || 1);
  const filters = { status, kind, owner, sort };
  const go = (change: Partial<typeof filters & { page: number }>) =>
    navigate(withQuery(path, { ...filters, page: undefined, ...change, ...(change.page && change.page > 1 ? {} : { page: undefined }) }), { replace: true });
  const tasks = useApi<TaskPage>(withQuery('/api/tasks', { ...filters, owner: owner || undefined, limit: PAGE_SIZE, offset: (pageNumber - 1) * PAGE_SIZE }));
  const me = useApi<Session>('/api/me');
  const users = useApi<ListOf<UserSummary>>('/api/users');
  const settings = useApi<{ rejection_hold_days: number }>('/api/settings/collection');
  const [message, setMessageState] = useState<PageMessage | null>(null);
  const setMessage = (next: { kind: 'done' | 'error'; text: string } | null) => setMessageState(next ? { kind: next.kind, lines: [next.text] } : null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  /** The task whose rejection form is open, or "selected" for the bulk one: one at a time. */
  const [rejecting, setRejecting] = useState<string | null>(null);
  const items = tasks.data?.items ?? [];
  const role = me.data?.user?.role;
  const canDecide = role === 'admin' || role === 'collector';
  const holdDays = settings.data?.rejection_hold_days ?? 30;
  const selectable = status === 'open' && canDecide ? items.filter((task) => task.status === 'open') : [];
  // A task decided elsewhere or filtered out leaves the selection with the list.
  const chosenTasks = selectable.filter((task) => selected.has(task.id));
  const chosen = chosenTasks.filter((task) => task.kind === 'approval');
  const people = users.data?.items ?? [];
  const [reassignTo, setReassignTo] = useState('');
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
      setMessage({ kind: 'error', text: failureSentence(error, i18n) });
    }
  };

  const act = async (task: CollectionTask, run: () => Promise<unknown>, doneKey: MessageKey) => {
    setMessage(null);
    try {
      await run();
      setMessage({ kind: 'done', text: t(doneKey, { title: task.title[language] }) });
      tasks.reload();
    } catch (error) {
      setMessage({ kind: 'error', text: failureSentence(error, i18n) });
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
      case 'handed_off':
        return t('tasks.approvedHandedOff', { title });
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
      const partner = decision.result === 'handed_off' ? await handedPartnerName(task.customer_id) : null;
      setMessage({ kind: 'done', text: partner ? t('tasks.approvedHandedTo', { title: task.title[language], partner }) : decisionText(task.title[language], decision) });
      tasks.reload();
    } catch (error) {
      // A hand-off with no partner named is refused whole: the server says so in both languages.
      setMessage({ kind: 'error', text: failureSentence(error, i18n) });
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

  /** Sends one bulk request; each task that could not be done is listed with the server's reason, in the reader's language. */
  const bulk = async (body: Record<string, unknown>, ids: string[], summarize: (done: Extract<BulkResult, { ok: true }>[]) => string[]) => {
    setMessage(null);
    const answer = await apiPost<{ items: BulkResult[] }>('/api/tasks/bulk', { ...body, task_ids: ids });
    const done = answer.items.filter((item): item is Extract<BulkResult, { ok: true }> => item.ok);
    const failed = answer.items.flatMap((item) => (item.ok ? [] : [{ id: item.id, title: titleOf(item.id), why: item.error.message[language] }]));
    setRejecting(null);
    setSelected(new Set());
    setMessageState({ kind: 'done', lines: summarize(done), failed });
    tasks.reload();
  };

  const decideSelected = async (verb: 'approve' | 'reject', rejection?: Rejection) =>
    bulk({ action: verb, ...rejection }, chosen.map((task) => task.id), (done) => {
      const count = (...results: string[]) => done.filter((item) => results.includes(item.result)).length;
      const lines: string[] = [];
      const approved = count('queued', 'handoff_task');
      if (approved > 0) lines.push(counted(t, language, 'tasks.bulkApproved', approved));
      if (count('handed_off') > 0) lines.push(counted(t, language, 'tasks.bulkHandedOff', count('handed_off')));
      if (count('cancelled') > 0) lines.push(counted(t, language, 'tasks.bulkNotSent', count('cancelled')));
      const rejected = done.filter((item) => item.result === 'rejected');
      if (rejected.length > 0) lines.push(counted(t, language, 'tasks.bulkRejectedUntil', rejected.length, { date: formatDate(rejected[0]!.retry_on, locale) }));
      if (count('passed') > 0) lines.push(counted(t, language, 'tasks.bulkPassed', count('passed')));
      return lines;
    });

  const reassignSelected = async () => {
    const userId = reassignTo === 'nobody' ? null : reassignTo;
    const name = people.find((user) => user.id === userId)?.name ?? '';
    try {
      await bulk({ action: 'reassign', assignee_user_id: userId }, chosenTasks.map((task) => task.id), (done) =>
        done.length === 0 ? [] : [userId ? counted(t, language, 'inbox.bulkAssigned', done.length, { name }) : counted(t, language, 'inbox.bulkUnassigned', done.length)],
      );
    } catch (error) {
      setMessage({ kind: 'error', text: failureSentence(error, i18n) });
    }
  };

  const assign = async (task: CollectionTask, userId: string | null) => {
    setMessage(null);
    try {
      const updated = await apiPut<CollectionTask>(`/api/tasks/${encodeURIComponent(task.id)}/assignee`, { user_id: userId });
      const title = task.title[language];
      setMessage({ kind: 'done', text: updated.assignee ? t('inbox.assigned', { title, name: updated.assignee.name }) : t('inbox.unassigned', { title }) });
      tasks.reload();
    } catch (error) {
      setMessage({ kind: 'error', text: failureSentence(error, i18n) });
    }
  };

  const approveSelected = async () => {
    try {
      await decideSelected('approve');
    } catch (error) {
      setMessage({ kind: 'error', text: failureSentence(error, i18n) });
    }
  };

  const toggle = (id: string, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  const total = tasks.data?.total ?? 0;
  const from = total === 0 ? 0 : (pageNumber - 1) * PAGE_SIZE + 1;
  const to = Math.min(total, pageNumber * PAGE_SIZE);
  const userOptions = people.map((user) => (
    <option key={user.id} value={user.id}>
      {user.name}
    </option>
  ));

  return (
    <main id="main" className="page">
      <div className="page-heading">
        <div>
          <h1>{t('tasks.title')}</h1>
          <p className="muted">{t('tasks.intro')}</p>
        </div>
        <div className="heading-tools inbox-filters">
          <label htmlFor="task-status">{t('tasks.status')}</label>
          <select id="task-status" value={status} onChange={(event) => go({ status: event.target.value })}>
            <option value="open">{t('tasks.status.open')}</option>
            <option value="done">{t('tasks.status.done')}</option>
          </select>
          <label htmlFor="task-kind">{t('tasks.kind')}</label>
          <select id="task-kind" value={kind} onChange={(event) => go({ kind: event.target.value })}>
            <option value="">{t('tasks.allKinds')}</option>
            {KINDS.map((value) => (
              <option key={value} value={value}>
                {t(`tasks.kind.${value}`)}
              </option>
            ))}
          </select>
          <label htmlFor="task-owner">{t('inbox.owner')}</label>
          <select id="task-owner" value={owner} onChange={(event) => go({ owner: event.target.value })}>
            <option value="">{t('inbox.owner.all')}</option>
            <option value="me">{t('inbox.owner.me')}</option>
            <option value="unassigned">{t('inbox.owner.unassigned')}</option>
            {userOptions}
          </select>
          <label htmlFor="task-sort">{t('inbox.sort')}</label>
          <select id="task-sort" value={sort} onChange={(event) => go({ sort: event.target.value })}>
            {SORTS.map((value) => (
              <option key={value} value={value}>
                {t(`inbox.sort.${value}`)}
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
          <p className="notice-title">{counted(t, language, 'inbox.bulkFailed', message.failed.length)}</p>
          <ul>
            {message.failed.map((failure) => (
              <li key={failure.id}>{t('tasks.errorLine', { title: failure.title, why: failure.why })}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {selectable.length > 0 ? (
        <section className="bulk-bar" aria-label={t('tasks.actions')} data-testid="bulk-approvals">
          <span className="muted" aria-live="polite">
            {counted(t, language, 'tasks.selected', chosenTasks.length)}
          </span>
          <button type="button" className="button button-primary button-small" disabled={chosen.length === 0 || rejecting === 'selected'} onClick={() => void approveSelected()}>
            {t('tasks.approveSelected')}
          </button>
          <button type="button" className="button button-secondary button-small" disabled={chosen.length === 0} aria-expanded={rejecting === 'selected'} onClick={() => setRejecting(rejecting === 'selected' ? null : 'selected')}>
            {t('tasks.rejectSelected')}
          </button>
          <span className="bulk-reassign">
            <label htmlFor="reassign-to">{t('inbox.reassignTo')}</label>
            <select id="reassign-to" value={reassignTo} onChange={(event) => setReassignTo(event.target.value)}>
              <option value="" />
              <option value="nobody">{t('inbox.nobody')}</option>
              {userOptions}
            </select>
            <button type="button" className="button button-secondary button-small" disabled={chosenTasks.length === 0 || reassignTo === ''} onClick={() => void reassignSelected()}>
              {t('inbox.reassignSelected')}
            </button>
          </span>
          {chosen.length > 0 && chosen.length < chosenTasks.length ? <span className="muted">{counted(t, language, 'inbox.approvalsChosen', chosen.length)}</span> : null}
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
            <table className="data-table card-table task-table" data-testid="task-inbox">
              <thead>
                <tr>
                  {selectable.length > 0 ? (
                    <th scope="col" className="select-cell">
                      <input
                        type="checkbox"
                        aria-label={t('inbox.selectAllShown')}
                        checked={chosenTasks.length === selectable.length}
                        onChange={(event) => setSelected(new Set(event.target.checked ? selectable.map((task) => task.id) : []))}
                      />
                    </th>
                  ) : null}
                  <th scope="col">{t('tasks.kind')}</th>
                  <th scope="col">{t('column.customer')}</th>
                  <th scope="col">{t('tasks.task')}</th>
                  <th scope="col" className="numeric">{t('inbox.amount')}</th>
                  <th scope="col">{t('tasks.due')}</th>
                  <th scope="col">{t('inbox.assignee')}</th>
                  <th scope="col">{status === 'open' ? t('tasks.actions') : t('tasks.outcome')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((task) => (
                  <tr key={task.id} data-testid="task-row" data-kind={task.kind} data-task-id={task.id}>
                    {selectable.length > 0 ? (
                      <td className="select-cell">
                        <input type="checkbox" aria-label={t('tasks.select', { title: task.title[language] })} checked={selected.has(task.id)} onChange={(event) => toggle(task.id, event.target.checked)} />
                      </td>
                    ) : null}
                    <td data-label={t('tasks.kind')}>
                      <span className="tag">{t(`tasks.kind.${task.kind}`)}</span>
                    </td>
                    <td data-label={t('column.customer')}>
                      <Link to={`/customers/${encodeURIComponent(task.customer_id)}`}>{task.customer.name}</Link>
                      <div className="muted task-ref">{task.customer.reference}</div>
                    </td>
                    <td data-label={t('tasks.task')}>
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
                    <td data-label={t('inbox.amount')} className="numeric" data-testid="task-amount">
                      {formatMoney(task.amount, locale)}
                      {task.invoice_numbers.length > 0 ? <div className="muted task-ref">{t('inbox.invoices', { numbers: task.invoice_numbers.join(', ') })}</div> : null}
                    </td>
                    <td data-label={t('tasks.due')}>{formatDate(task.due_on, locale)}</td>
                    <td data-label={t('inbox.assignee')}>
                      {canDecide && task.status === 'open' ? (
                        <select
                          aria-label={t('inbox.assignTo', { title: task.title[language] })}
                          value={task.assignee?.id ?? ''}
                          onChange={(event) => void assign(task, event.target.value || null)}
                        >
                          <option value="">{t('inbox.nobody')}</option>
                          {userOptions}
                        </select>
                      ) : (
                        <span>{task.assignee?.name ?? '—'}</span>
                      )}
                    </td>
                    <td data-label={status === 'open' ? t('tasks.actions') : t('tasks.outcome')}>
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
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
      {total > 0 ? (
        <nav className="pager" aria-label={t('inbox.pager')} data-testid="task-pager">
          <span aria-live="polite">{t('inbox.count', { from, to, total })}</span>
          <button type="button" className="button button-secondary button-small" disabled={pageNumber <= 1} onClick={() => go({ page: pageNumber - 1 })}>
            {t('inbox.previous')}
          </button>
          <button type="button" className="button button-secondary button-small" disabled={to >= total} onClick={() => go({ page: pageNumber + 1 })}>
            {t('inbox.next')}
          </button>
        </nav>
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
