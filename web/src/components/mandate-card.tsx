import '../mandates.css';
import { useState } from 'react';
import { withQuery } from '../api-client.js';
import type { Session } from '../api-types.js';
import { formatDateInWords, formatMoney } from '../format.js';
import { useI18n } from '../i18n.js';
import type { Mandate } from '../mandate-types.js';
import { mandateStatusLabel } from '../mandate-words.js';
import { useApi } from '../use-api.js';
import { MandateHandOffForm } from './mandate-handoff-form.js';
import { MandateLiveView } from './mandate-live-view.js';
import { ErrorNotice, Loading } from './status-message.js';

/**
 * The customer's hand-off to an agency or a lawyer: the form to hand the case over when no
 * mandate is in force, else the mandate live (terms, figures, every action and payment since)
 * with the buttons to take the case back or end the mandate; earlier mandates in one line each.
 */
/** `onChanged` runs once a case is handed, taken back or ended: the page's collection card and timeline read again. */
export function MandateCard({ customerId, onChanged }: { customerId: string; onChanged?: () => void }) {
  const { t, locale } = useI18n();
  const customerPath = `/api/customers/${encodeURIComponent(customerId)}`;
  const mandates = useApi<{ items: Mandate[] }>(withQuery('/api/mandates', { customer_id: customerId }));
  const me = useApi<Session>('/api/me');
  const role = me.data?.user?.role;
  const canWrite = role === 'admin' || role === 'collector';
  const [notice, setNotice] = useState<string | null>(null);

  const items = mandates.data?.items ?? [];
  // An agency works cases handed to it; it does not hand its own customers on.
  if (me.data?.organization.kind === 'agency') return null;
  const current = items.find((mandate) => mandate.status === 'active') ?? null;
  const past = items.filter((mandate) => mandate.status !== 'active');

  return (
    <section className="panel" aria-labelledby="mandate-title" data-testid="mandate-card">
      <h2 id="mandate-title">{t('mandates.title')}</h2>
      {notice ? (
        <p className="notice notice-info" role="status" data-testid="mandate-notice">
          {notice}
        </p>
      ) : null}
      {mandates.state === 'failed' ? <ErrorNotice error={mandates.error} onRetry={mandates.reload} /> : null}
      {mandates.state === 'loading' && !mandates.data ? <Loading /> : null}
      {current ? (
        <MandateLiveView
          key={current.id}
          mandateId={current.id}
          canWrite={canWrite}
          onClosed={(closed, verb) => {
            setNotice(verb === 'take-back' ? t('mandates.takenBack') : t('mandates.ended', { partner: closed.partner.name }));
            mandates.reload();
            onChanged?.();
          }}
        />
      ) : null}
      {mandates.data && !current ? (
        <>
          <p className="muted">{t('mandates.intro')}</p>
          {canWrite && me.data ? (
            <MandateHandOffForm
              customerPath={customerPath}
              currency={me.data.organization.currency}
              onHanded={(mandate) => {
                setNotice(t('mandates.handed', { partner: mandate.partner.name }));
                mandates.reload();
                onChanged?.();
              }}
            />
          ) : null}
          {me.data && !canWrite ? <p className="muted">{t('mandates.readOnly')}</p> : null}
        </>
      ) : null}
      {past.length > 0 ? (
        <>
          <h3 className="subheading">{t('mandates.past.title')}</h3>
          <ul className="mandate-past" data-testid="mandate-past">
            {past.map((mandate) => (
              <li key={mandate.id}>
                {t('mandates.past.line', {
                  partner: mandate.partner.name,
                  from: formatDateInWords(mandate.starts_on, locale),
                  to: formatDateInWords(mandate.closed_on ?? mandate.ends_on, locale),
                  recovered: formatMoney(mandate.recovered, locale),
                  handed: formatMoney(mandate.handed, locale),
                })}{' '}
                <span className="tag">{mandateStatusLabel(mandate, t)}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
