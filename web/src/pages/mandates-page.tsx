import '../card-table.css';
import '../mandates.css';
import { withQuery } from '../api-client.js';
import { formatDate, formatMoney } from '../format.js';
import { useI18n } from '../i18n.js';
import type { Mandate } from '../mandate-types.js';
import { formatPercent, mandateStatusLabel } from '../mandate-words.js';
import { Link, navigate, useLocation } from '../router.js';
import { ErrorNotice, Loading } from '../components/status-message.js';
import { useApi } from '../use-api.js';
import { useDocumentTitle } from '../use-document-title.js';

const FILTERS = ['live', 'closed', 'all'] as const;
type Filter = (typeof FILTERS)[number];

/** Which mandates each filter asks the API for: those in force, those ended or taken back, or every one. */
function statusesOf(filter: Filter): string[] {
  if (filter === 'live') return ['active'];
  if (filter === 'closed') return ['ended', 'taken_back'];
  return [];
}

/** Every case the organization handed to a partner, with the figures the API computes for each. */
export function MandatesPage() {
  const { t, locale } = useI18n();
  useDocumentTitle(t('mandates.page.title'));
  const { path, query } = useLocation();
  const asked = query.get('show');
  const filter: Filter = FILTERS.find((value) => value === asked) ?? 'live';
  const mandates = useApi<{ items: Mandate[] }>('/api/mandates');
  const statuses = statusesOf(filter);
  const items = (mandates.data?.items ?? []).filter((mandate) => statuses.length === 0 || statuses.includes(mandate.status));

  return (
    <main id="main" className="page">
      <div className="page-heading">
        <h1>{t('mandates.page.title')}</h1>
        <div className="heading-tools">
          <label htmlFor="mandates-show">{t('mandates.page.show')}</label>
          <select id="mandates-show" value={filter} onChange={(event) => navigate(withQuery(path, { show: event.target.value }), { replace: true })}>
            {FILTERS.map((value) => (
              <option key={value} value={value}>
                {t(`mandates.page.filter.${value}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <p className="muted">{t('mandates.page.intro')}</p>
      <p>
        <Link to="/reports/handoffs">{t('handoffReports.nav')}</Link>
      </p>
      {mandates.state === 'failed' ? <ErrorNotice error={mandates.error} onRetry={mandates.reload} /> : null}
      {mandates.state === 'loading' && !mandates.data ? <Loading /> : null}
      {mandates.data && items.length === 0 ? <p className="muted">{t('mandates.page.empty')}</p> : null}
      {items.length > 0 ? (
        <section className="panel panel-flush">
          <div className="table-scroll">
            <table className="data-table card-table" data-testid="mandates">
              <thead>
                <tr>
                  <th scope="col">{t('mandates.page.customer')}</th>
                  <th scope="col">{t('mandates.page.partner')}</th>
                  <th scope="col">{t('mandates.page.since')}</th>
                  <th scope="col" className="numeric">{t('mandates.figure.handed')}</th>
                  <th scope="col" className="numeric">{t('mandates.figure.recovered')}</th>
                  <th scope="col" className="numeric">{t('mandates.figure.outstanding')}</th>
                  <th scope="col" className="numeric">{t('mandates.figure.fee')}</th>
                  <th scope="col" className="numeric">{t('mandates.figure.rate')}</th>
                  <th scope="col">{t('mandates.page.status')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((mandate) => (
                  <tr key={mandate.id} data-testid="mandate-row">
                    <td data-label={t('mandates.page.customer')}>
                      <Link to={`/customers/${encodeURIComponent(mandate.customer.id)}`}>{mandate.customer.name}</Link>{' '}
                      <span className="muted reference">{mandate.customer.external_ref}</span>
                    </td>
                    <td data-label={t('mandates.page.partner')}>
                      {mandate.partner.name}
                      {mandate.partner.kind === 'outside' ? <span className="muted"> ({t('mandates.page.outside')})</span> : null}
                    </td>
                    <td data-label={t('mandates.page.since')}>{formatDate(mandate.starts_on, locale)}</td>
                    <td className="numeric" data-label={t('mandates.figure.handed')}>{formatMoney(mandate.handed, locale)}</td>
                    <td className="numeric" data-label={t('mandates.figure.recovered')}>{formatMoney(mandate.recovered, locale)}</td>
                    <td className="numeric" data-label={t('mandates.figure.outstanding')}>{formatMoney(mandate.outstanding, locale)}</td>
                    <td className="numeric" data-label={t('mandates.figure.fee')}>{formatMoney(mandate.fee, locale)}</td>
                    <td className="numeric" data-label={t('mandates.figure.rate')}>{formatPercent(mandate.recovery_rate_percent, locale, t)}</td>
                    <td data-label={t('mandates.page.status')}>
                      <span className={`badge ${mandate.live ? 'badge-partner' : mandate.status === 'active' ? 'badge-warning' : ''}`}>{mandateStatusLabel(mandate, t)}</span>
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
