import '../customer-actions.css';
import { useEffect, useState } from 'react';
import { apiPost, apiPut } from '../api-client.js';
import type { OpenItems, Session } from '../api-types.js';
import { isPositive } from '../format.js';
import { useI18n } from '../i18n.js';
import type { MessageKey } from '../messages.js';
import { useApi } from '../use-api.js';
import { todayInZone } from './contact-log-card.js';
import { ActionFailure, announceCustomerChanged, counted, dateInWords, Done, momentInWords, useAction } from './customer-actions/action-kit.js';
import type { CollectionForActions, SentNow } from './customer-actions/action-types.js';
import { ClaimForm } from './customer-actions/claim-form.js';
import { DisputeForm } from './customer-actions/dispute-form.js';
import { ExcludeInvoiceForm } from './customer-actions/exclude-invoice-form.js';
import { HoldForm } from './customer-actions/hold-form.js';
import { InstalmentTable } from './customer-actions/instalment-table.js';
import { NextStepPreviewSection } from './customer-actions/next-step-preview.js';
import { PaymentPlanForm } from './customer-actions/payment-plan-form.js';
import { PromiseForm } from './customer-actions/promise-form.js';
import { ResolveDisputeForm } from './customer-actions/resolve-dispute-form.js';
import { ScenarioForm } from './customer-actions/scenario-form.js';
import { ErrorNotice, Loading } from './status-message.js';

const FORMS = ['promise', 'claim', 'dispute', 'plan', 'hold', 'scenario', 'exclude', 'preview', 'sendNow'] as const;
type FormName = (typeof FORMS)[number];
/** What a sales user may do on an account they own; the rest needs a collector or an administrator. */
const OWNER_FORMS: readonly FormName[] = ['hold', 'preview'];

/**
 * The customer page as the place to act: promise, "already paid", dispute and its resolution, payment plan,
 * hold, scenario, an invoice left out of reminders, the next step sent now or previewed. Each
 * action tells the rest of the page (`relance:customer-changed`) and reads the account again.
 */
export function CustomerActions({ customerPath, onChanged }: { customerPath: string; onChanged?: () => void }) {
  const { t, locale } = useI18n();
  const collection = useApi<CollectionForActions>(`${customerPath}/collection`);
  const items = useApi<OpenItems>(`${customerPath}/open-items`);
  const me = useApi<Session>('/api/me');
  const [open, setOpen] = useState<FormName | null>(null);
  const [resolving, setResolving] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const { reload: reloadCollection } = collection;
  const { reload: reloadItems } = items;

  useEffect(() => {
    const reload = () => {
      reloadCollection();
      reloadItems();
    };
    window.addEventListener('relance:customer-changed', reload);
    return () => window.removeEventListener('relance:customer-changed', reload);
  }, [reloadCollection, reloadItems]);

  // Keyboard users land in the form they opened.
  useEffect(() => {
    if (open === null) return;
    document.querySelector<HTMLElement>('#customer-action-form :is(input, select, textarea, button)')?.focus();
  }, [open]);

  const role = me.data?.user?.role;
  const mayAct = role === 'admin' || role === 'collector';
  const allowed = FORMS.filter((form) => mayAct || (role === 'sales' && OWNER_FORMS.includes(form)) || form === 'preview');
  const timeZone = me.data?.organization?.time_zone;
  const today = todayInZone(timeZone);
  const openItems = (items.data?.items ?? []).filter((item) => isPositive(item.open));
  const data = collection.data;
  const openDisputes = (data?.disputes ?? []).filter((dispute) => dispute.status === 'open');
  const activePlan = (data?.payment_plans ?? []).filter((plan) => plan.status === 'active').pop();

  const finished = (message: string) => {
    setOpen(null);
    setResolving(null);
    setDone(message);
    announceCustomerChanged();
    onChanged?.();
  };
  const toggle = (form: FormName) => {
    setDone(null);
    setResolving(null);
    setOpen((current) => (current === form ? null : form));
  };
  const formProps = { customerPath, today, onDone: finished, onCancel: () => setOpen(null) };

  return (
    <section className="panel customer-actions" aria-labelledby="customer-actions-title" data-testid="customer-actions">
      <h2 id="customer-actions-title">{t('actions.title')}</h2>
      <p className="muted">{t('actions.intro')}</p>
      {collection.state === 'failed' ? <ErrorNotice error={collection.error} onRetry={collection.reload} /> : null}
      {collection.state === 'loading' && !data ? <Loading /> : null}
      {me.data && !mayAct && role !== 'sales' ? <p className="muted">{t('actions.readOnly')}</p> : null}
      <div className="action-bar" role="group" aria-label={t('actions.title')}>
        {allowed.map((form) => (
          <button key={form} type="button" className={`button button-small ${open === form ? 'button-primary' : 'button-secondary'}`} aria-expanded={open === form} aria-controls="customer-action-form" onClick={() => toggle(form)}>
            {t(`actions.open.${form}` as MessageKey)}
          </button>
        ))}
      </div>
      <Done text={done} />
      <div id="customer-action-form">
        {open === 'promise' ? <PromiseForm {...formProps} openItems={openItems} /> : null}
        {open === 'claim' ? <ClaimForm {...formProps} openItems={openItems} /> : null}
        {open === 'dispute' ? <DisputeForm {...formProps} openItems={openItems} /> : null}
        {open === 'plan' ? <PaymentPlanForm {...formProps} /> : null}
        {open === 'hold' ? <HoldForm {...formProps} /> : null}
        {open === 'scenario' && data ? <ScenarioForm {...formProps} current={data.scenario} manual={data.scenario.source === 'manual'} /> : null}
        {open === 'exclude' ? <ExcludeInvoiceForm {...formProps} openItems={openItems} /> : null}
        {open === 'preview' ? <NextStepPreviewSection customerPath={customerPath} timeZone={timeZone} onClose={() => setOpen(null)} /> : null}
        {open === 'sendNow' ? <SendNow customerPath={customerPath} timeZone={timeZone} onDone={finished} onCancel={() => setOpen(null)} /> : null}
      </div>

      {openDisputes.length > 0 ? (
        <>
          <h3 className="subheading">{t('actions.disputes.title')}</h3>
          <ul className="action-list" data-testid="open-disputes">
            {openDisputes.map((dispute) => (
              <li key={dispute.id}>
                <span>{t('actions.disputes.item', { invoice: dispute.invoice.number ?? '—', reason: t(`actions.disputeReason.${dispute.reason}` as MessageKey), date: dateInWords(dispute.opened_on, locale) })}</span>
                {mayAct ? (
                  <button type="button" className="button button-secondary button-small" aria-expanded={resolving === dispute.id} onClick={() => { setOpen(null); setDone(null); setResolving(resolving === dispute.id ? null : dispute.id); }}>
                    {t('actions.resolve.open')}
                  </button>
                ) : null}
                {resolving === dispute.id ? <ResolveDisputeForm dispute={{ id: dispute.id, invoice: dispute.invoice.number ?? '—', invoiceId: dispute.invoice.id }} onDone={finished} onCancel={() => setResolving(null)} /> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      {activePlan ? (
        <>
          <h3 className="subheading">{t('actions.plan.active')}</h3>
          <InstalmentTable testId="plan-schedule" caption={t('actions.plan.scheduleCaption', { invoices: activePlan.invoice_numbers.join(', ') })} instalments={activePlan.instalments} />
          <p className="muted">{counted(t, 'actions.instalment', activePlan.instalments.length, locale)}</p>
        </>
      ) : null}

      {data && data.excluded_invoices.length > 0 ? (
        <>
          <h3 className="subheading">{t('actions.excluded.title')}</h3>
          <ul className="action-list" data-testid="excluded-invoices">
            {data.excluded_invoices.map((excluded) => (
              <ExcludedInvoiceLine key={excluded.invoice.id} excluded={excluded} mayAct={mayAct} onDone={finished} />
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

function ExcludedInvoiceLine({ excluded, mayAct, onDone }: { excluded: CollectionForActions['excluded_invoices'][number]; mayAct: boolean; onDone(message: string): void }) {
  const { t, locale } = useI18n();
  const action = useAction();
  const include = () =>
    action.run(async () => {
      await apiPut(`/api/invoices/${encodeURIComponent(excluded.invoice.id)}/reminders`, { excluded: false });
      onDone(t('actions.excluded.included', { invoice: excluded.invoice.number }));
    });
  return (
    <li>
      <span>{t('actions.excluded.item', { invoice: excluded.invoice.number, date: dateInWords(excluded.excluded_on, locale), reason: excluded.reason })}</span>
      {mayAct ? (
        <button type="button" className="button button-secondary button-small" aria-label={t('actions.excluded.include', { invoice: excluded.invoice.number })} disabled={action.busy} onClick={include}>
          {t('actions.excluded.includeShort')}
        </button>
      ) : null}
      <ActionFailure failure={action.failure} fields={[]} />
    </li>
  );
}

/** "Send the next step now": what it does, then the step written by the daily run's own rules, or why not. */
function SendNow({ customerPath, timeZone, onDone, onCancel }: { customerPath: string; timeZone: string | undefined; onDone(message: string): void; onCancel(): void }) {
  const { t, locale } = useI18n();
  const action = useAction();
  const send = () =>
    action.run(async () => {
      const sent = await apiPost<SentNow>(`${customerPath}/next-step/send-now`);
      if (sent.actions.length === 0) return onDone(t('actions.sendNow.ownerFirst'));
      const steps = sent.actions.map((planned) => t(`actions.channel.${planned.channel}` as MessageKey)).join(', ');
      const first = sent.actions.find((planned) => planned.not_before !== null);
      const when = first?.not_before ? ` ${t('actions.sendNow.leaves', momentInWords(first.not_before, locale, timeZone))}` : '';
      const approval = sent.actions.some((planned) => planned.status === 'awaiting_approval') ? ` ${t('actions.sendNow.awaitingApproval')}` : '';
      onDone(`${t('actions.sendNow.done', { steps })}${when}${approval}`);
    });
  return (
    <div className="action-form" data-testid="send-now">
      <p>{t('actions.sendNow.explain')}</p>
      <ActionFailure failure={action.failure} fields={[]} />
      <div className="action-buttons">
        <button type="button" className="button button-primary button-small" disabled={action.busy} onClick={send}>
          {action.busy ? t('actions.saving') : t('actions.sendNow.confirm')}
        </button>
        <button type="button" className="button button-secondary button-small" onClick={onCancel}>
          {t('actions.cancel')}
        </button>
      </div>
    </div>
  );
}
