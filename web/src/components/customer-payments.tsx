import type { MoneyJson, PlainDate } from '../api-types.js';
import { formatDate, formatMoney, isPositive } from '../format.js';
import { useI18n } from '../i18n.js';
import { useApi } from '../use-api.js';
import { ErrorNotice, Loading } from './status-message.js';

interface CustomerPayment {
  id: string;
  reference: string;
  received_on: PlainDate;
  amount: MoneyJson;
  unapplied: MoneyJson;
  source: string;
  paid: { invoice_id: string | null; invoice_number: string | null; amount: MoneyJson }[];
}

/** The customer's payments, newest first, and what each paid: invoice by invoice, the rest on account. */
export function CustomerPayments({ customerPath }: { customerPath: string }) {
  const { t, locale } = useI18n();
  const payments = useApi<{ items: CustomerPayment[] }>(`${customerPath}/payments`);
  const items = payments.data?.items ?? [];
  return (
    <section className="panel" aria-labelledby="payments-title">
      <h2 id="payments-title">{t('payments.title')}</h2>
      {payments.state === 'failed' ? <ErrorNotice error={payments.error} onRetry={payments.reload} /> : null}
      {payments.state === 'loading' && !payments.data ? <Loading /> : null}
      {payments.data && items.length === 0 ? <p className="muted">{t('payments.none')}</p> : null}
      {items.length > 0 ? (
        <div className="table-scroll">
          <table className="data-table card-table" data-testid="customer-payments">
            <thead>
              <tr>
                <th scope="col">{t('payments.received')}</th>
                <th scope="col">{t('payments.reference')}</th>
                <th scope="col" className="numeric">
                  {t('column.amount')}
                </th>
                <th scope="col">{t('payments.paid')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((payment) => (
                <tr key={payment.id} data-testid="customer-payment">
                  <td data-label={t('payments.received')}>{formatDate(payment.received_on, locale)}</td>
                  <td data-label={t('payments.reference')} className="reference-cell">
                    {payment.reference}
                    {payment.source === 'statement' ? <span className="muted"> · {t('payments.fromStatement')}</span> : null}
                  </td>
                  <td data-label={t('column.amount')} className="numeric">
                    {formatMoney(payment.amount, locale)}
                  </td>
                  <td data-label={t('payments.paid')}>
                    {[
                      ...payment.paid.map((line) => t('payments.paidInvoice', { invoice: line.invoice_number ?? t('payments.outsideLedger'), amount: formatMoney(line.amount, locale) })),
                      ...(isPositive(payment.unapplied) ? [t('payments.onAccount', { amount: formatMoney(payment.unapplied, locale) })] : []),
                    ].join(' · ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
