import { withQuery } from '../api-client.js';
import type { AgencyCase } from '../components/agency-case-types.js';
import { ErrorNotice, Loading } from '../components/status-message.js';
import { formatDate, formatMoney, formatNumber } from '../format.js';
import { useI18n } from '../i18n.js';
import { Link, navigate, useLocation } from '../router.js';
import { useApi } from '../use-api.js';
import { useDocumentTitle } from '../use-document-title.js';

/** The agency's cases across creditors, with the API's figures for each; the creditor filter lives in the address. */
export function AgencyCasesPage() {
  const { t, tn, locale } = useI18n();
  const { query } = useLocation();
  const creditorId = query.get('creditor') ?? '';
  useDocumentTitle(t('agency.cases.title'));
  const all = useApi<{ items: AgencyCase[] }>('/api/agency/cases');
  const filtered = useApi<{ items: AgencyCase[] }>(creditorId ? withQuery('/api/agency/cases', { creditor_id: creditorId }) : null);
  const list = creditorId ? filtered : all;
  const creditors = [...new Map((all.data?.items ?? []).map((c) => [c.creditor.id, c.creditor.name])).entries()];
  const items = list.data?.items ?? [];
  return (
    <main id="main" className="page">
      <div className="page-heading">
        <h1>{t('agency.cases.title')}</h1>
        <p className="muted">{t('agency.cases.intro')}</p>
      </div>
      <form className="filters" onSubmit={(event) => event.preventDefault()}>
        <div className="field">
          <label htmlFor="agency-creditor">{t('agency.cases.creditor')}</label>
          <select id="agency-creditor" value={creditorId} onChange={(event) => navigate(withQuery('/cases', { creditor: event.target.value }), { replace: true })}>
            <option value="">{t('agency.cases.allCreditors')}</option>
            {creditors.map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        </div>
      </form>
      {list.state === 'failed' ? <ErrorNotice error={list.error} onRetry={list.reload} /> : null}
      {list.state === 'loading' && !list.data ? <Loading /> : null}
      {list.data ? (
        <section className="panel panel-flush" aria-busy={list.state === 'loading'}>
          {items.length === 0 ? (
            <p className="empty">{creditorId ? t('agency.cases.emptyForCreditor') : t('agency.cases.empty')}</p>
          ) : (
            <>
              <p className="muted" data-testid="agency-case-count">{tn('agency.cases.count', items.length)}</p>
              <div className="table-scroll">
                <table className="data-table card-table" data-testid="agency-cases">
                  <caption className="visually-hidden">{t('agency.cases.title')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('agency.column.creditor')}</th>
                      <th scope="col">{t('agency.column.customer')}</th>
                      <th scope="col">{t('agency.column.since')}</th>
                      <th scope="col" className="numeric">{t('agency.column.handed')}</th>
                      <th scope="col" className="numeric">{t('agency.column.recovered')}</th>
                      <th scope="col" className="numeric">{t('agency.column.outstanding')}</th>
                      <th scope="col" className="numeric">{t('agency.column.rate')}</th>
                      <th scope="col" className="numeric">{t('agency.column.fee')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((c) => (
                      <tr key={c.id} data-testid="agency-case-row">
                        <td data-label={t('agency.column.creditor')}>{c.creditor.name}</td>
                        <td data-label={t('agency.column.customer')}>
                          <Link to={`/cases/${encodeURIComponent(c.id)}`}>{c.customer.name}</Link> <span className="muted reference">{c.customer.external_ref}</span>
                        </td>
                        <td data-label={t('agency.column.since')}>{formatDate(c.starts_on, locale)}</td>
                        <td className="numeric" data-label={t('agency.column.handed')}>{formatMoney(c.handed, locale)}</td>
                        <td className="numeric" data-label={t('agency.column.recovered')} data-testid="agency-case-recovered">{formatMoney(c.recovered, locale)}</td>
                        <td className="numeric" data-label={t('agency.column.outstanding')}>{formatMoney(c.outstanding, locale)}</td>
                        <td className="numeric" data-label={t('agency.column.rate')}>{t('agency.rate', { rate: formatNumber(Number(c.recovery_rate_percent), locale, 2) })}</td>
                        <td className="numeric" data-label={t('agency.column.fee')}>{formatMoney(c.fee, locale)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </section>
      ) : null}
    </main>
  );
}
