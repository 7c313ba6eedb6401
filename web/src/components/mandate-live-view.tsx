import { useState } from 'react';
import { apiPost } from '../api-client.js';
import { formatDate, formatDateInWords, formatMoney, isPositive } from '../format.js';
import { useI18n } from '../i18n.js';
import type { Mandate, MandateDetail } from '../mandate-types.js';
import { dayInWords, formatPercent, mandateStatusLabel } from '../mandate-words.js';
import type { MessageKey } from '../messages.js';
import { Link } from '../router.js';
import { failureSentence } from '../spoken-codes.js';
import { useApi } from '../use-api.js';
import { FigureCard } from './figure-card.js';
import { ErrorNotice, Loading } from './status-message.js';

/** The five figures of a handed case, as the API computes them for the creditor, the partner and the reports alike. */
export function MandateFigures({ mandate }: { mandate: Mandate }) {
  const { t, locale } = useI18n();
  return (
    <dl className="figures mandate-figures" aria-label={t('mandates.figures')}>
      <FigureCard testId="mandate-handed" label={t('mandates.figure.handed')} value={formatMoney(mandate.handed, locale)} />
      <FigureCard testId="mandate-recovered" label={t('mandates.figure.recovered')} value={formatMoney(mandate.recovered, locale)} />
      <FigureCard
        testId="mandate-outstanding"
        label={t('mandates.figure.outstanding')}
        value={formatMoney(mandate.outstanding, locale)}
        tone={isPositive(mandate.outstanding) ? 'warning' : 'neutral'}
      />
      <FigureCard testId="mandate-fee" label={t('mandates.figure.fee')} value={formatMoney(mandate.fee, locale)} />
      <FigureCard testId="mandate-rate" label={t('mandates.figure.rate')} value={formatPercent(mandate.recovery_rate_percent, locale, t)} />
    </dl>
  );
}

type Verb = 'take-back' | 'end';
const VERB_LABEL: Record<Verb, MessageKey> = { 'take-back': 'mandates.takeBack', end: 'mandates.end' };
const VERB_CONFIRM: Record<Verb, MessageKey> = { 'take-back': 'mandates.takeBackConfirm', end: 'mandates.endConfirm' };

/**
 * The mandate in force, live: the partner and the terms, the figures, everything done on the
 * account and every payment received since the hand-off, and the two ways to close it, each
 * asked again before it is done.
 */
export function MandateLiveView({ mandateId, canWrite, onClosed }: { mandateId: string; canWrite: boolean; onClosed(mandate: Mandate, verb: Verb): void }) {
  const i18n = useI18n();
  const { t, tn, locale, language } = i18n;
  const detail = useApi<MandateDetail>(`/api/mandates/${encodeURIComponent(mandateId)}`);
  const [asking, setAsking] = useState<Verb | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  if (detail.state === 'failed' && !detail.data) return <ErrorNotice error={detail.error} onRetry={detail.reload} />;
  const mandate = detail.data;
  if (!mandate) return <Loading />;
  const partner = mandate.partner.name;

  const run = async (verb: Verb) => {
    setBusy(true);
    setFailure(null);
    try {
      onClosed(await apiPost<Mandate>(`/api/mandates/${encodeURIComponent(mandate.id)}/${verb}`), verb);
    } catch (error) {
      setFailure(failureSentence(error, i18n));
    } finally {
      setBusy(false);
      setAsking(null);
    }
  };

  const handedOn = formatDateInWords(mandate.starts_on, locale);
  return (
    <div className="mandate-current" data-testid="mandate-current">
      <h3 className="subheading">
        {t('mandates.current.title', { partner })} <span className={`badge ${mandate.live ? 'badge-partner' : 'badge-warning'}`} data-testid="mandate-status">{mandateStatusLabel(mandate, t)}</span>
      </h3>
      <ul className="mandate-terms" data-testid="mandate-terms">
        <li>
          {mandate.overdue_days_at_handoff > 0
            ? t('mandates.current.since', { date: handedOn, days: tn('mandates.current.daysOverdue', mandate.overdue_days_at_handoff) })
            : t('mandates.current.sinceOnly', { date: handedOn })}
        </li>
        <li>{mandate.ends_on ? t('mandates.current.until', { date: formatDateInWords(mandate.ends_on, locale) }) : t('mandates.current.noEnd')}</li>
        <li>{t(mandate.acting_as === 'agency' ? 'mandates.current.actingAs.agency' : 'mandates.current.actingAs.creditor')}</li>
        <li>
          {isPositive(mandate.fee_fixed)
            ? t('mandates.current.fee', { percent: formatPercent(mandate.fee_percent, locale, t), fixed: formatMoney(mandate.fee_fixed, locale) })
            : t('mandates.current.feePercentOnly', { percent: formatPercent(mandate.fee_percent, locale, t) })}
        </li>
        {mandate.partner.email ? <li>{t('mandates.current.partnerEmail', { email: mandate.partner.email })}</li> : null}
        {mandate.note ? <li>{t('mandates.current.note', { note: mandate.note })}</li> : null}
      </ul>
      {!mandate.live ? <p className="notice notice-warning">{t('mandates.current.notLive')}</p> : null}
      <MandateFigures mandate={mandate} />

      <h4 className="subheading">{t('mandates.activity.title')}</h4>
      {mandate.activity.length === 0 ? (
        <p className="muted">{t('mandates.activity.empty')}</p>
      ) : (
        <ol className="mandate-activity" data-testid="mandate-activity">
          {mandate.activity.map((item, index) => (
            <li key={`${item.on}-${index}`} data-testid="mandate-activity-item">
              <span className="mandate-activity-day">{dayInWords(item.on, locale)}</span> <span>{item.summary[language]}</span>
              {item.outbox_message_id ? (
                <>
                  {' '}
                  <Link to={`/outbox/${encodeURIComponent(item.outbox_message_id)}`}>{t('mandates.activity.open')}</Link>
                </>
              ) : null}
            </li>
          ))}
        </ol>
      )}

      <h4 className="subheading">{t('mandates.payments.title')}</h4>
      {mandate.payments.length === 0 ? (
        <p className="muted">{t('mandates.payments.empty')}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table" data-testid="mandate-payments">
            <thead>
              <tr>
                <th scope="col">{t('mandates.payments.receivedOn')}</th>
                <th scope="col">{t('mandates.payments.reference')}</th>
                <th scope="col" className="numeric">
                  {t('mandates.payments.amount')}
                </th>
                <th scope="col">{t('mandates.payments.by')}</th>
              </tr>
            </thead>
            <tbody>
              {mandate.payments.map((payment) => (
                <tr key={payment.id} data-testid="mandate-payment">
                  <td>{formatDate(payment.received_on, locale)}</td>
                  <td className="reference-cell">{payment.reference}</td>
                  <td className="numeric">{formatMoney(payment.amount, locale)}</td>
                  <td>
                    {payment.recorded_by_partner ? <span className="badge badge-partner">{t('mandates.payments.byPartner')}</span> : t('mandates.payments.byYou')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {failure ? (
        <p className="notice notice-error" role="alert">
          {failure}
        </p>
      ) : null}
      {canWrite ? (
        <div className="mandate-actions">
          {asking ? (
            <div className="mandate-confirm" role="group" aria-label={t(VERB_LABEL[asking])}>
              <p>{t(VERB_CONFIRM[asking], { partner })}</p>
              <button type="button" className="button button-primary button-small" disabled={busy} onClick={() => void run(asking)}>
                {t('mandates.yes')}
              </button>
              <button type="button" className="button button-secondary button-small" disabled={busy} onClick={() => setAsking(null)}>
                {t('mandates.no')}
              </button>
            </div>
          ) : (
            (['take-back', 'end'] as const).map((verb) => (
              <button key={verb} type="button" className={`button ${verb === 'take-back' ? 'button-primary' : 'button-secondary'} button-small`} onClick={() => setAsking(verb)}>
                {t(VERB_LABEL[verb])}
              </button>
            ))
          )}
        </div>
      ) : null}
    </div>
  );
}
