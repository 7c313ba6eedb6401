import type { CustomerCollection } from '../collection-types.js';
import { formatDate, formatDateInWords, formatMoney } from '../format.js';
import { useI18n } from '../i18n.js';
import { statusLabel } from '../spoken-codes.js';
import { useApi } from '../use-api.js';
import { ChannelLabel } from './channel-label.js';
import { ErrorNotice, Loading } from './status-message.js';

/** The customer's scenario, the one step due next with the engine's own reason, and what pauses it. */
export function CollectionCard({ customerPath }: { customerPath: string }) {
  const { t, tn, locale, language } = useI18n();
  const collection = useApi<CustomerCollection>(`${customerPath}/collection`);
  const data = collection.data;
  const next = data?.next_step;
  const openDisputes = (data?.disputes ?? []).filter((dispute) => dispute.status === 'open');
  const activeHolds = (data?.holds ?? []).filter((hold) => data !== null && hold.until >= data.as_of);
  const activePlans = (data?.payment_plans ?? []).filter((plan) => plan.status === 'active');
  // A newer promise replaces the older ones; it pauses the account until its date.
  const latestPromise = data?.promises[data.promises.length - 1];
  const promises = latestPromise && data && latestPromise.promised_on >= data.as_of ? [latestPromise] : [];
  const pauseCount = openDisputes.length + activeHolds.length + activePlans.length + promises.length;
  return (
    <section className="panel" aria-labelledby="collection-title" data-testid="collection">
      <h2 id="collection-title">{t('collection.title')}</h2>
      {collection.state === 'failed' ? <ErrorNotice error={collection.error} onRetry={collection.reload} /> : null}
      {collection.state === 'loading' && !data ? <Loading /> : null}
      {data && next ? (
        <>
          <dl className="facts">
            <div>
              <dt>{t('collection.scenario')}</dt>
              <dd data-testid="collection-scenario" title={data.scenario.reason[language]}>
                {data.scenario.name[language]}
              </dd>
            </div>
            <div>
              <dt>{t('collection.risk')}</dt>
              <dd>{data.risk.level ? statusLabel('risk', data.risk.level, t) : '—'}</dd>
            </div>
            <div>
              <dt>{t('collection.case')}</dt>
              <dd>{data.case ? t('collection.caseSince', { date: formatDateInWords(data.case.opened_on, locale) }) : t('collection.noCase')}</dd>
            </div>
          </dl>
          <div className={`next-step next-step-${next.kind}`} data-testid="collection-next-step">
            <p className="next-step-kind">
              <span className="tag">{t('collection.nextStep')}</span> <strong>{statusLabel('nextStep', next.kind, t)}</strong>
              {next.steps.map((step) => (
                <ChannelLabel key={step.id} channel={step.channel} />
              ))}
            </p>
            <dl className="facts">
              <div>
                <dt>{t('collection.when')}</dt>
                <dd>{next.on ? formatDate(next.on, locale) : '—'}</dd>
              </div>
              {next.balance ? (
                <div>
                  <dt>{t('collection.balance')}</dt>
                  <dd>{formatMoney(next.balance, locale)}</dd>
                </div>
              ) : null}
              <div className="fact-wide">
                <dt>{t('collection.why')}</dt>
                <dd data-testid="collection-reason">{next.reason[language]}</dd>
              </div>
            </dl>
          </div>
          <h3 className="subheading">{t('collection.pauses')}</h3>
          {pauseCount === 0 ? <p className="muted">{t('collection.noPauses')}</p> : null}
          <ul className="pauses" data-testid="collection-pauses">
            {activeHolds.map((hold) => (
              <li key={hold.id}>{t('collection.hold', { date: formatDateInWords(hold.until, locale), reason: hold.reason })}</li>
            ))}
            {promises.map((promise) => (
              <li key={promise.id}>{tn('collection.promiseGrace', promise.grace_days, { date: formatDateInWords(promise.promised_on, locale) })}</li>
            ))}
            {activePlans.map((plan) => (
              <li key={plan.id}>{tn('collection.planOf', plan.instalments.length, { status: statusLabel('planStatus', plan.status, t) })}</li>
            ))}
            {openDisputes.map((dispute) => (
              <li key={dispute.id}>{t('collection.dispute', { invoice: dispute.invoice.number ?? t('collection.wholeAccount'), reason: statusLabel('disputeReason', dispute.reason, t) })}</li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
