import { withQuery } from '../api-client.js';
import { CsvDownloadButton } from '../components/csv-download-button.js';
import { RecoveryBars } from '../components/recovery-bars.js';
import { ErrorNotice, Loading } from '../components/status-message.js';
import { formatDateInWords, formatMoney, formatNumber } from '../format.js';
import type { AgencyPortfolio } from '../handoff-report-types.js';
import { useI18n } from '../i18n.js';
import { formatPercent } from '../mandate-words.js';
import { Link } from '../router.js';
import { useApi } from '../use-api.js';
import { useDocumentTitle } from '../use-document-title.js';

/** The agency's portfolio: per creditor, the cases it works and worked, what came in and its fees. */
export function AgencyPortfolioPage() {
  const { t, locale, language } = useI18n();
  useDocumentTitle(t('handoffReports.portfolio.title'));
  const portfolio = useApi<AgencyPortfolio>('/api/agency/portfolio');
  const items = portfolio.data?.items ?? [];
  // One chart per currency: amounts in two currencies are never drawn on one axis.
  const currencies = [...new Set(items.map((item) => item.handed.currency))];

  return (
    <main id="main" className="page">
      <div className="page-heading">
        <div>
          <h1>{t('handoffReports.portfolio.title')}</h1>
          {portfolio.data ? <p className="muted">{t('handoffReports.portfolio.intro', { date: formatDateInWords(portfolio.data.as_of, locale) })}</p> : null}
        </div>
        {items.length > 0 ? (
          <div className="heading-tools">
            <CsvDownloadButton path={`/api/agency/portfolio.csv?lang=${language}`} fallbackName="portfolio.csv" testId="portfolio-csv" />
          </div>
        ) : null}
      </div>
      {portfolio.state === 'failed' ? <ErrorNotice error={portfolio.error} onRetry={portfolio.reload} /> : null}
      {portfolio.state === 'loading' && !portfolio.data ? <Loading /> : null}
      {portfolio.data && items.length === 0 ? <p className="muted">{t('handoffReports.portfolio.empty')}</p> : null}
      {currencies.map((currency) => (
        <section key={currency} className="panel" aria-labelledby={`portfolio-chart-${currency}`}>
          <h2 id={`portfolio-chart-${currency}`}>{t('handoffReports.portfolio.chart')}</h2>
          <RecoveryBars
            title={t('handoffReports.portfolio.chart')}
            currency={currency}
            bars={items.filter((item) => item.handed.currency === currency).map((item) => ({ key: item.creditor.id, label: item.creditor.name, handed: item.handed, recovered: item.recovered }))}
          />
        </section>
      ))}
      {items.length > 0 ? (
        <section className="panel panel-flush" aria-label={t('handoffReports.portfolio.table')}>
          <div className="table-scroll">
            <table className="data-table" data-testid="portfolio">
              <thead>
                <tr>
                  <th scope="col">{t('handoffReports.portfolio.creditor')}</th>
                  <th scope="col" className="numeric">{t('handoffReports.portfolio.live')}</th>
                  <th scope="col" className="numeric">{t('handoffReports.portfolio.closed')}</th>
                  <th scope="col" className="numeric">{t('handoffReports.handed')}</th>
                  <th scope="col" className="numeric">{t('handoffReports.recovered')}</th>
                  <th scope="col" className="numeric">{t('handoffReports.portfolio.outstanding')}</th>
                  <th scope="col" className="numeric">{t('handoffReports.rate')}</th>
                  <th scope="col" className="numeric">{t('handoffReports.fees')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((item) => (
                  <tr key={`${item.creditor.id}-${item.handed.currency}`} data-creditor={item.creditor.id}>
                    <th scope="row">
                      {/* The creditor's live cases, on the agency's case list filtered to it. */}
                      <Link to={withQuery('/cases', { creditor: item.creditor.id })}>{item.creditor.name}</Link>
                    </th>
                    <td className="numeric">{formatNumber(item.live_cases, locale)}</td>
                    <td className="numeric">{formatNumber(item.closed_cases, locale)}</td>
                    <td className="numeric">{formatMoney(item.handed, locale)}</td>
                    <td className="numeric">{formatMoney(item.recovered, locale)}</td>
                    <td className="numeric">{formatMoney(item.outstanding, locale)}</td>
                    <td className="numeric">{formatPercent(item.recovery_rate_percent, locale, t)}</td>
                    <td className="numeric">{formatMoney(item.fees, locale)}</td>
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
