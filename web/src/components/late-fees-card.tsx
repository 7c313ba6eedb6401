import type { CustomerLateFees } from '../collection-types.js';
import { formatDate, formatDateInWords, formatMoney, formatNumber } from '../format.js';
import { translateOptional, useI18n } from '../i18n.js';
import { useApi } from '../use-api.js';
import { ErrorNotice, Loading } from './status-message.js';

/** Interest and the fixed indemnity on each overdue invoice, as the server computed them. */
export function LateFeesCard({ customerPath }: { customerPath: string }) {
  const { t, locale } = useI18n();
  const fees = useApi<CustomerLateFees>(`${customerPath}/late-fees`);
  const data = fees.data;
  const notClaimed = data ? [data.claim_interest ? null : t('lateFees.interestWord'), data.claim_indemnity ? null : t('lateFees.indemnityWord')].filter((w) => w !== null) : [];
  return (
    <section className="panel" aria-labelledby="late-fees-title" data-testid="late-fees">
      <div className="panel-heading">
        <h2 id="late-fees-title">{t('lateFees.title')}</h2>
        {data ? (
          <p className="muted">
            {t('lateFees.asOf', { date: formatDateInWords(data.as_of, locale), law: translateOptional(t, `lateFees.law.${data.law}`, data.law) })}
          </p>
        ) : null}
      </div>
      {fees.state === 'failed' ? <ErrorNotice error={fees.error} onRetry={fees.reload} /> : null}
      {fees.state === 'loading' && !data ? <Loading /> : null}
      {data && data.invoices.length === 0 ? <p className="muted">{t('lateFees.none')}</p> : null}
      {data && data.invoices.length > 0 ? (
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('column.number')}</th>
                <th scope="col">{t('column.dueDate')}</th>
                <th scope="col" className="numeric">{t('lateFees.daysLate')}</th>
                <th scope="col" className="numeric">{t('column.open')}</th>
                <th scope="col" className="numeric">{t('lateFees.interest')}</th>
                <th scope="col" className="numeric">{t('lateFees.indemnity')}</th>
              </tr>
            </thead>
            <tbody>
              {data.invoices.map((invoice) => (
                <tr key={invoice.id}>
                  <td className="reference-cell">{invoice.number}</td>
                  <td>{formatDate(invoice.due_date, locale)}</td>
                  <td className="numeric">{formatNumber(invoice.days_late, locale)}</td>
                  <td className="numeric">{formatMoney(invoice.open, locale)}</td>
                  <td className="numeric">
                    {invoice.interest ? (
                      formatMoney(invoice.interest, locale)
                    ) : (
                      <>
                        {formatMoney(invoice.interest_on_file, locale)}
                        <br />
                        <span className="muted">{t('lateFees.noRate')}</span>
                      </>
                    )}
                  </td>
                  <td className="numeric">{formatMoney(invoice.indemnity, locale)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              {data.totals.map((total) => (
                <tr key={total.open.currency} className="statement-total" data-testid="late-fees-total">
                  <th scope="row" colSpan={3}>
                    {t('lateFees.total')}
                  </th>
                  <td className="numeric">{formatMoney(total.open, locale)}</td>
                  <td className="numeric">{formatMoney(total.interest ?? total.interest_on_file, locale)}</td>
                  <td className="numeric">{formatMoney(total.indemnity, locale)}</td>
                </tr>
              ))}
            </tfoot>
          </table>
        </div>
      ) : null}
      {data && data.invoices.length > 0
        ? data.totals.map((total) => (
            <p key={total.open.currency} className="late-fees-sum">
              {t('lateFees.fees')} <strong data-testid="late-fees-fees">{formatMoney(total.fees ?? total.fees_on_file, locale)}</strong>
            </p>
          ))
        : null}
      {data?.unknown_from ? <p className="notice notice-info">{t('lateFees.unknownFrom', { date: formatDateInWords(data.unknown_from, locale) })}</p> : null}
      {data && data.invoices.length > 0 && notClaimed.length > 0 ? <p className="muted">{t('lateFees.notClaimed', { what: notClaimed.join(', ') })}</p> : null}
    </section>
  );
}
