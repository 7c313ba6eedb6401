import { ApiError, withQuery } from '../api-client.js';
import { CsvDownloadButton } from '../components/csv-download-button.js';
import { FigureCard } from '../components/figure-card.js';
import { RecoveryBars } from '../components/recovery-bars.js';
import { ErrorNotice, Loading } from '../components/status-message.js';
import { formatDateInWords, formatMoney, formatNumber } from '../format.js';
import type { HandoffReport, HandoffReportGroup, HandoffReportRow } from '../handoff-report-types.js';
import { useI18n } from '../i18n.js';
import { formatPercent } from '../mandate-words.js';
import type { MessageKey } from '../messages.js';
import { Link, navigate, useLocation } from '../router.js';
import { useApi } from '../use-api.js';
import { useDocumentTitle } from '../use-document-title.js';

const SECTIONS: readonly { group: HandoffReportGroup; title: MessageKey; column: MessageKey; rows: (report: HandoffReport) => HandoffReportRow[] }[] = [
  { group: 'partner', title: 'handoffReports.byPartner', column: 'handoffReports.column.partner', rows: (report) => report.by_partner },
  { group: 'age', title: 'handoffReports.byAge', column: 'handoffReports.column.age', rows: (report) => report.by_age },
  { group: 'step', title: 'handoffReports.byStep', column: 'handoffReports.column.step', rows: (report) => report.by_step },
];

/** The creditor's hand-offs: what each partner recovered, by age at hand-off and by step, with the CSV of each table. */
export function HandoffReportPage() {
  const { t, locale } = useI18n();
  useDocumentTitle(t('handoffReports.title'));
  const { path, query } = useLocation();
  const from = query.get('from') ?? '';
  const to = query.get('to') ?? '';
  const report = useApi<HandoffReport>(withQuery('/api/reports/handoffs', { from, to }));
  const setPeriod = (next: { from?: string; to?: string }) => navigate(withQuery(path, { from, to, ...next }), { replace: true });
  const badPeriod = report.state === 'failed' && report.error instanceof ApiError && report.error.status === 422;

  return (
    <main id="main" className="page">
      <div className="page-heading">
        <div>
          <h1>{t('handoffReports.title')}</h1>
          {report.data ? <p className="muted">{t('handoffReports.intro', { date: formatDateInWords(report.data.as_of, locale) })}</p> : null}
        </div>
        <div className="heading-tools">
          <label htmlFor="handoffs-from">{t('handoffReports.from')}</label>
          <input id="handoffs-from" type="date" value={from} onChange={(event) => setPeriod({ from: event.target.value })} />
          <label htmlFor="handoffs-to">{t('handoffReports.to')}</label>
          <input id="handoffs-to" type="date" value={to} onChange={(event) => setPeriod({ to: event.target.value })} />
          {from || to ? (
            <button type="button" className="button button-secondary button-small" onClick={() => setPeriod({ from: '', to: '' })}>
              {t('handoffReports.allDates')}
            </button>
          ) : null}
          <Link to="/mandates">{t('handoffReports.mandates')}</Link>
        </div>
      </div>
      {badPeriod ? <p className="notice notice-warning" role="alert">{t('handoffReports.badPeriod')}</p> : null}
      {report.state === 'failed' && !badPeriod ? <ErrorNotice error={report.error} onRetry={report.reload} /> : null}
      {report.data && !badPeriod ? <ReportBody report={report.data} from={from} to={to} /> : report.state === 'loading' ? <Loading /> : null}
    </main>
  );
}

function ReportBody({ report, from, to }: { report: HandoffReport; from: string; to: string }) {
  const { t, locale, language } = useI18n();
  const { totals } = report;
  const period = from && to ? t('handoffReports.period', { from: formatDateInWords(from, locale), to: formatDateInWords(to, locale) })
    : from ? t('handoffReports.periodFrom', { from: formatDateInWords(from, locale) })
    : to ? t('handoffReports.periodTo', { to: formatDateInWords(to, locale) })
    : null;
  return (
    <>
      {period ? <p className="muted">{period}</p> : null}
      <dl className="figures" data-testid="handoff-totals">
        <FigureCard testId="handoff-cases" label={t('handoffReports.cases')} value={formatNumber(totals.cases, locale)} />
        <FigureCard testId="handoff-handed" label={t('handoffReports.handed')} value={formatMoney(totals.handed, locale)} />
        <FigureCard testId="handoff-recovered" label={t('handoffReports.recovered')} value={formatMoney(totals.recovered, locale)} />
        <FigureCard testId="handoff-rate" label={t('handoffReports.rate')} value={formatPercent(totals.recovery_rate_percent, locale, t)} />
        <FigureCard testId="handoff-fees" label={t('handoffReports.fees')} value={formatMoney(totals.fees, locale)} />
      </dl>
      {report.other_currencies.length > 0 ? (
        <p className="notice notice-info">{t('handoffReports.otherCurrencies', { currencies: report.other_currencies.join(', ') })}</p>
      ) : null}
      {totals.cases === 0 ? (
        <p className="muted">{t('handoffReports.empty')}</p>
      ) : (
        <>
          <section className="panel" aria-labelledby="handoff-chart-title">
            <h2 id="handoff-chart-title">{t('handoffReports.chart')}</h2>
            <RecoveryBars
              title={t('handoffReports.chart')}
              currency={report.currency}
              bars={report.by_partner.map((row) => ({ key: row.key, label: row.label[language], handed: row.handed, recovered: row.recovered }))}
            />
          </section>
          {SECTIONS.map((section) => (
            <section key={section.group} className="panel" aria-labelledby={`handoffs-${section.group}-title`}>
              <div className="panel-heading">
                <h2 id={`handoffs-${section.group}-title`}>{t(section.title)}</h2>
                <CsvDownloadButton
                  path={withQuery('/api/reports/handoffs.csv', { group: section.group, from, to, lang: language })}
                  fallbackName={`handoffs-by-${section.group}.csv`}
                  testId={`handoffs-${section.group}-csv`}
                />
              </div>
              <ReportTable column={t(section.column)} rows={[...section.rows(report), totals]} testId={`handoffs-by-${section.group}`} />
            </section>
          ))}
        </>
      )}
    </>
  );
}

function ReportTable({ column, rows, testId }: { column: string; rows: HandoffReportRow[]; testId: string }) {
  const { t, locale, language } = useI18n();
  return (
    <div className="table-scroll">
      <table className="data-table" data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">{column}</th>
            <th scope="col" className="numeric">{t('handoffReports.cases')}</th>
            <th scope="col" className="numeric">{t('handoffReports.handed')}</th>
            <th scope="col" className="numeric">{t('handoffReports.recovered')}</th>
            <th scope="col" className="numeric">{t('handoffReports.rate')}</th>
            <th scope="col" className="numeric">{t('handoffReports.fees')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key} data-key={row.key} className={row.key === 'total' ? 'total-row' : undefined}>
              <th scope="row">{row.label[language]}</th>
              <td className="numeric">{formatNumber(row.cases, locale)}</td>
              <td className="numeric">{formatMoney(row.handed, locale)}</td>
              <td className="numeric">{formatMoney(row.recovered, locale)}</td>
              <td className="numeric">{formatPercent(row.recovery_rate_percent, locale, t)}</td>
              <td className="numeric">{formatMoney(row.fees, locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
