import { useState } from 'react';
import { apiPost } from '../api-client.js';
import type { AgencyTask } from '../components/agency-case-types.js';
import { ErrorNotice, Loading } from '../components/status-message.js';
import { formatDate } from '../format.js';
import { useI18n } from '../i18n.js';
import { Link } from '../router.js';
import { useApi } from '../use-api.js';
import { useDocumentTitle } from '../use-document-title.js';

/** The agency's open tasks across creditors, on the cases it holds today. */
export function AgencyTasksPage({ canWrite }: { canWrite: boolean }) {
  const { t, language, locale } = useI18n();
  useDocumentTitle(t('agency.tasks.title'));
  const tasks = useApi<{ items: AgencyTask[] }>('/api/agency/tasks');
  const [failure, setFailure] = useState<Error | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const items = tasks.data?.items ?? [];

  const markDone = async (task: AgencyTask) => {
    setBusy(task.id);
    setFailure(null);
    try {
      await apiPost(`/api/agency/tasks/${encodeURIComponent(task.id)}/done`, {});
      setDone(task.title[language]);
      tasks.reload();
    } catch (error) {
      setFailure(error instanceof Error ? error : new Error(String(error)));
    } finally {
      setBusy(null);
    }
  };

  return (
    <main id="main" className="page">
      <div className="page-heading">
        <h1>{t('agency.tasks.title')}</h1>
        <p className="muted">{t('agency.tasks.intro')}</p>
      </div>
      {tasks.state === 'failed' ? <ErrorNotice error={tasks.error} onRetry={tasks.reload} /> : null}
      {failure ? <ErrorNotice error={failure} /> : null}
      {done ? (
        <p className="notice notice-info" role="status">
          {t('agency.tasks.doneAnnounce', { title: done })}
        </p>
      ) : null}
      {tasks.state === 'loading' && !tasks.data ? <Loading /> : null}
      {tasks.data ? (
        <section className="panel panel-flush" aria-busy={tasks.state === 'loading'}>
          {items.length === 0 ? (
            <p className="empty">{t('agency.tasks.empty')}</p>
          ) : (
            <div className="table-scroll">
              <table className="data-table card-table" data-testid="agency-tasks">
                <caption className="visually-hidden">{t('agency.tasks.title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('agency.column.task')}</th>
                    <th scope="col">{t('agency.column.creditor')}</th>
                    <th scope="col">{t('agency.column.customer')}</th>
                    <th scope="col">{t('agency.column.due')}</th>
                    <th scope="col">
                      <span className="visually-hidden">{t('agency.tasks.done')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((task) => (
                    <tr key={task.id} data-testid="agency-task">
                      <td data-label={t('agency.column.task')}>
                        {task.title[language]}
                        {task.detail ? <span className="muted"> · {task.detail}</span> : null}
                      </td>
                      <td data-label={t('agency.column.creditor')}>{task.creditor.name}</td>
                      <td data-label={t('agency.column.customer')}>
                        <Link to={`/cases/${encodeURIComponent(task.case_id)}`}>{task.customer.name}</Link>
                      </td>
                      <td data-label={t('agency.column.due')}>{formatDate(task.due_on, locale)}</td>
                      <td>
                        {canWrite ? (
                          <button type="button" className="button button-secondary button-small" disabled={busy === task.id} onClick={() => void markDone(task)}>
                            {t('agency.tasks.done')}
                          </button>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ) : null}
    </main>
  );
}
