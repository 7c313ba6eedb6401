import '../card-table.css';
import { useState } from 'react';
import { apiPost, withQuery } from '../api-client.js';
import type { MoneyJson, PlainDate } from '../api-types.js';
import { ReconcileByHand } from '../components/reconcile-by-hand.js';
import { ErrorNotice, Loading } from '../components/status-message.js';
import { formatDateInWords, formatMoney } from '../format.js';
import { useI18n } from '../i18n.js';
import { Link, navigate, useLocation } from '../router.js';
import { problemSentence } from '../spoken-codes.js';
import { useApi } from '../use-api.js';
import { useDocumentTitle } from '../use-document-title.js';

interface Suggestion {
  customer: { id: string; reference: string; name: string };
  invoices: { id: string; number: string; amount: MoneyJson }[];
  on_account: MoneyJson;
  confidence: number;
  reason: { en: string; fr: string };
}

interface BankLine {
  id: string;
  status: 'suggested' | 'unmatched' | 'matched' | 'ignored';
  amount: MoneyJson;
  booking_date: PlainDate;
  payer_name: string | null;
  payer_iban: string | null;
  reference: string | null;
  remittance: string | null;
  suggestions: Suggestion[];
}

const VIEWS = ['waiting', 'matched', 'ignored'] as const;
type View = (typeof VIEWS)[number];

/** The reconciliation queue: bank credits matching was not sure of, with its ranked suggestions. */
export function ReconciliationPage() {
  const i18n = useI18n();
  const { t, locale, language } = i18n;
  useDocumentTitle(t('reconciliation.title'));
  const { path, query } = useLocation();
  const view: View = (VIEWS as readonly string[]).includes(query.get('show') ?? '') ? (query.get('show') as View) : 'waiting';
  const lines = useApi<{ items: BankLine[] }>(withQuery('/api/reconciliation', { status: view === 'waiting' ? '' : view }));
  const [notice, setNotice] = useState<{ kind: 'done' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [byHand, setByHand] = useState<string | null>(null);
  const items = lines.data?.items ?? [];

  const act = async (line: BankLine, path: string, body: unknown, done: (answer: { invoices?: string[] } | undefined) => string) => {
    setBusy(line.id);
    setNotice(null);
    try {
      const answer = await apiPost<{ invoices?: string[] } | undefined>(`/api/reconciliation/${encodeURIComponent(line.id)}/${path}`, body);
      setNotice({ kind: 'done', text: done(answer) });
      lines.reload();
    } catch (error) {
      const sentence = error instanceof Error ? problemSentence(error, i18n) : null;
      setNotice({ kind: 'error', text: t('reconciliation.failed', { reason: sentence?.text ?? t('error.server') }) });
    } finally {
      setBusy(null);
    }
  };

  return (
    <main id="main" className="page">
      <div className="page-heading">
        <h1>{t('reconciliation.title')}</h1>
        <div className="heading-tools">
          <label htmlFor="reconciliation-show">{t('reconciliation.show')}</label>
          <select id="reconciliation-show" value={view} onChange={(event) => navigate(withQuery(path, { show: event.target.value === 'waiting' ? '' : event.target.value }), { replace: true })}>
            {VIEWS.map((value) => (
              <option key={value} value={value}>
                {t(`reconciliation.show.${value}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <p className="muted">{t('reconciliation.intro')}</p>
      {notice ? (
        <p className={`notice ${notice.kind === 'done' ? 'notice-info' : 'notice-error'}`} role={notice.kind === 'done' ? 'status' : 'alert'} data-testid="reconciliation-notice">
          {notice.text}
        </p>
      ) : null}
      {lines.state === 'failed' ? <ErrorNotice error={lines.error} onRetry={lines.reload} /> : null}
      {lines.state === 'loading' && !lines.data ? <Loading /> : null}
      {lines.data && items.length === 0 ? <p className="muted">{view === 'waiting' ? t('reconciliation.empty') : t('reconciliation.emptyOther')}</p> : null}
      {items.length > 0 ? (
        <section className="panel panel-flush">
          <div className="table-scroll">
            <table className="data-table card-table" data-testid="reconciliation">
              <thead>
                <tr>
                  <th scope="col">{t('reconciliation.date')}</th>
                  <th scope="col">{t('reconciliation.amount')}</th>
                  <th scope="col">{t('reconciliation.payer')}</th>
                  <th scope="col">{t('reconciliation.text')}</th>
                  <th scope="col">{t('reconciliation.suggestions')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((line) => (
                  <tr key={line.id} data-testid="reconciliation-line" data-line-id={line.id}>
                    <td data-label={t('reconciliation.date')}>{formatDateInWords(line.booking_date, locale)}</td>
                    <td data-label={t('reconciliation.amount')}>{formatMoney(line.amount, locale)}</td>
                    <td data-label={t('reconciliation.payer')}>
                      {line.payer_name ?? '—'}
                      {line.payer_iban ? <span className="muted"> · {line.payer_iban}</span> : null}
                    </td>
                    <td data-label={t('reconciliation.text')}>{line.remittance ?? line.reference ?? '—'}</td>
                    <td data-label={t('reconciliation.suggestions')}>
                      {line.status === 'matched' ? (
                        <button type="button" className="button button-secondary button-small" disabled={busy === line.id} onClick={() => act(line, 'undo', undefined, () => t('reconciliation.undone'))}>
                          {t('reconciliation.undo')}
                        </button>
                      ) : line.status === 'ignored' ? null : (
                        <>
                          {line.suggestions.length === 0 ? <p className="muted">{t('reconciliation.noSuggestion')}</p> : null}
                          <ol className="suggestion-list">
                            {line.suggestions.map((suggestion, index) => (
                              <li key={index} data-testid="reconciliation-suggestion">
                                <Link to={`/customers/${encodeURIComponent(suggestion.customer.id)}`}>{suggestion.customer.name}</Link>{' '}
                                {suggestion.invoices.map((invoice) => `${invoice.number} ${formatMoney(invoice.amount, locale)}`).join(', ') || t('reconciliation.onAccount')}
                                {suggestion.invoices.length > 0 && Number(suggestion.on_account.amount) > 0 ? ` · ${t('reconciliation.onAccountRest', { amount: formatMoney(suggestion.on_account, locale) })}` : ''}
                                <br />
                                <span className="muted" lang={language}>
                                  {t('reconciliation.confidence', { confidence: suggestion.confidence })} · {suggestion.reason[language === 'fr' ? 'fr' : 'en']}
                                </span>{' '}
                                <button
                                  type="button"
                                  className="button button-primary button-small"
                                  disabled={busy === line.id}
                                  onClick={() => act(line, 'confirm', { suggestion: index }, (answer) => (answer?.invoices?.length ? t('reconciliation.confirmed', { invoices: answer.invoices.join(', ') }) : t('reconciliation.confirmedOnAccount')))}
                                >
                                  {t('reconciliation.confirm')}
                                </button>
                              </li>
                            ))}
                          </ol>
                          {byHand === line.id ? (
                            <ReconcileByHand
                              lineId={line.id}
                              amount={line.amount}
                              onCancel={() => setByHand(null)}
                              onDone={(text) => {
                                setByHand(null);
                                setNotice({ kind: 'done', text });
                                lines.reload();
                              }}
                            />
                          ) : (
                            <>
                              <button type="button" className="button button-secondary button-small" onClick={() => setByHand(line.id)}>
                                {t('reconciliation.byHand')}
                              </button>{' '}
                              <button type="button" className="button button-secondary button-small" disabled={busy === line.id} onClick={() => act(line, 'ignore', undefined, () => t('reconciliation.ignored'))}>
                                {t('reconciliation.ignore')}
                              </button>
                            </>
                          )}
                        </>
                      )}
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
