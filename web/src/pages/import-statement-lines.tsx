import { formatDate, formatMoney } from '../format.js';
import { useI18n } from '../i18n.js';

/** A credit of an imported statement, as `POST /api/import-jobs/statement` reports it. */
interface StatementPayment {
  amount: string;
  currency: string;
  booking_date: string;
  payer_name: string | null;
  reference: string | null;
  remittance: string | null;
  status: 'matched' | 'suggested' | 'unmatched';
  invoices: string[];
}

/** An entry of the statement left out, with its reason. */
interface StatementExclusion {
  reason: 'debit' | 'reversal' | 'return' | 'pending' | 'duplicate';
  amount: string;
  currency: string;
  booking_date: string | null;
  payer_name: string | null;
  reference: string | null;
  remittance: string | null;
}

/** The part of an import report only statements have. */
export interface StatementReportJson {
  payments?: StatementPayment[];
  excluded?: StatementExclusion[];
}

/**
 * What a statement import found: each new payment with where it stands, then the entries left
 * out and why, in words.
 */
export function StatementLines({ report }: { report: StatementReportJson }) {
  const { t, locale } = useI18n();
  const payments = report.payments ?? [];
  const excluded = report.excluded ?? [];
  const said = (line: { reference: string | null; remittance: string | null }) => [line.reference, line.remittance].filter(Boolean).join(' — ');
  return (
    <div data-testid="statement-lines">
      <h3>{t('statement.payments.title')}</h3>
      {payments.length === 0 ? (
        <p className="muted">{t('statement.payments.none')}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table" data-testid="statement-payments">
            <thead>
              <tr>
                <th scope="col">{t('statement.col.date')}</th>
                <th scope="col" className="numeric">{t('statement.col.amount')}</th>
                <th scope="col">{t('statement.col.payer')}</th>
                <th scope="col">{t('statement.col.reference')}</th>
                <th scope="col">{t('statement.col.status')}</th>
              </tr>
            </thead>
            <tbody>
              {payments.map((p, index) => (
                <tr key={index}>
                  <td>{formatDate(p.booking_date, locale)}</td>
                  <td className="numeric">{formatMoney({ amount: p.amount, currency: p.currency }, locale)}</td>
                  <td>{p.payer_name ?? t('statement.payerUnknown')}</td>
                  <td>{said(p)}</td>
                  <td>{t(`statement.status.${p.status}`, { invoices: p.invoices.join(', ') })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {excluded.length > 0 ? (
        <>
          <h3>{t('statement.excluded.title')}</h3>
          <div className="table-scroll">
            <table className="data-table" data-testid="statement-excluded">
              <thead>
                <tr>
                  <th scope="col">{t('statement.col.date')}</th>
                  <th scope="col" className="numeric">{t('statement.col.amount')}</th>
                  <th scope="col">{t('statement.col.payer')}</th>
                  <th scope="col">{t('statement.col.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {excluded.map((e, index) => (
                  <tr key={index}>
                    <td>{e.booking_date ? formatDate(e.booking_date, locale) : t('statement.noDate')}</td>
                    <td className="numeric">{formatMoney({ amount: e.amount, currency: e.currency }, locale)}</td>
                    <td>{e.payer_name ?? t('statement.payerUnknown')}</td>
                    <td>{t(`statement.reason.${e.reason}`)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </div>
  );
}
