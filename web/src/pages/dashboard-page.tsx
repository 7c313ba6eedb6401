import { withQuery } from '../api-client.js';
import type { AgingReport } from '../api-types.js';
import { AgingChart } from '../components/aging-chart.js';
import { FigureCard } from '../components/figure-card.js';
import { TodayCounts } from '../components/today-counts.js';
import { ErrorNotice, Loading } from '../components/status-message.js';
import { compareDecimal, formatDate, formatDateInWords, formatMoney, formatNumber, isPositive } from '../format.js';
import { useI18n } from '../i18n.js';
import { Link, navigate, useLocation } from '../router.js';
import { useApi } from '../use-api.js';
import { useDocumentTitle } from '../use-document-title.js';

const TOP_OVERDUE = 10;

export function DashboardPage() {
  const { t, locale } = useI18n();
  const { query } = useLocation();
  const asOf = query.get('as_of') ?? '';
  // The report's customer lines come largest overdue first: the top ones are all the page lists.
  const report = useApi<AgingReport>(withQuery('/api/reports/aging', { as_of: asOf, sort: 'overdue', limit: TOP_OVERDUE }));
  useDocumentTitle(t('dashboard.title'));

  const setAsOf = (value: string) => navigate(withQuery('/dashboard', { as_of: value }), { replace: true });

  return (
    <main id="main" className="page">
      <div className="page-heading">
        <div>
          <h1>{t('dashboard.title')}</h1>
          {report.data ? <p className="muted">{t('dashboard.asOf', { date: formatDateInWords(report.data.as_of, locale) })}</p> : null}
        </div>
        <div className="heading-tools">
          <label htmlFor="as-of">{t('dashboard.asOfLabel')}</label>
          <input id="as-of" type="date" value={asOf || report.data?.as_of || ''} onChange={(event) => setAsOf(event.target.value)} />
          {asOf ? (
            <button type="button" className="button button-secondary button-small" onClick={() => setAsOf('')}>
              {t('dashboard.today')}
            </button>
          ) : null}
        </div>
      </div>
      {report.state === 'failed' ? <ErrorNotice error={report.error} onRetry={report.reload} /> : null}
      <TodayCounts />
      {report.data ? <DashboardBody report={report.data} /> : report.state === 'loading' ? <Loading /> : null}
    </main>
  );
}

function DashboardBody({ report }: { report: AgingReport }) {
  const { t, tn, locale } = useI18n();
  const topOverdue = report.customers
    .filter((customer) => isPositive(customer.overdue))
    .sort((a, b) => compareDecimal(b.overdue.amount, a.overdue.amount) || a.name.localeCompare(b.name, locale))
    .slice(0, TOP_OVERDUE);

  return (
    <>
      <dl className="figures">
        <FigureCard testId="total-outstanding" label={t('dashboard.totalOutstanding')} value={formatMoney(report.balance, locale)} />
        <FigureCard
          testId="overdue"
          label={t('dashboard.overdue')}
          value={formatMoney(report.overdue, locale)}
          tone={isPositive(report.overdue) ? 'warning' : 'neutral'}
        />
        <FigureCard
          testId="dso"
          label={t('dashboard.dso')}
          value={report.dso_days === null ? '—' : tn('dashboard.dsoValue', report.dso_days, { count: formatNumber(report.dso_days, locale, 1) })}
          note={report.dso_days === null ? t('dashboard.dsoNone') : t('dashboard.dsoHelp')}
        />
        <FigureCard
          testId="unapplied-credit"
          label={t('dashboard.unappliedCredit')}
          value={formatMoney(report.unapplied_credit, locale)}
        />
      </dl>
      {report.other_currencies.length > 0 ? (
        <p className="notice notice-info">{t('dashboard.otherCurrencies', { currencies: report.other_currencies.join(', ') })}</p>
      ) : null}
      <div className="dashboard-grid">
        <section className="panel" aria-labelledby="aging-title">
          <h2 id="aging-title">{t('dashboard.aging')}</h2>
          <AgingChart buckets={report.buckets} currency={report.currency} />
        </section>
        <section className="panel" aria-labelledby="top-overdue-title">
          <div className="panel-heading">
            <h2 id="top-overdue-title">{t('dashboard.topOverdue')}</h2>
            <Link to="/customers">{t('dashboard.viewAll')}</Link>
          </div>
          {topOverdue.length === 0 ? (
            <p className="muted">{t('dashboard.noOverdue')}</p>
          ) : (
            <div className="table-scroll">
              <table className="data-table" data-testid="top-overdue">
                <thead>
                  <tr>
                    <th scope="col">{t('column.customer')}</th>
                    <th scope="col" className="numeric">
                      {t('column.overdue')}
                    </th>
                    <th scope="col" className="numeric">
                      {t('column.balance')}
                    </th>
                    <th scope="col">{t('column.oldestDue')}</th>
                  </tr>
                </thead>
                <tbody>
                  {topOverdue.map((customer) => (
                    <tr key={customer.id}>
                      <td>
                        <Link to={`/customers/${encodeURIComponent(customer.id)}`}>{customer.name}</Link>
                        <span className="reference">{customer.reference}</span>
                      </td>
                      <td className="numeric amount-overdue">{formatMoney(customer.overdue, locale)}</td>
                      <td className="numeric">{formatMoney(customer.balance, locale)}</td>
                      <td>{formatDate(customer.oldest_due_date, locale)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      </div>
    </>
  );
}
