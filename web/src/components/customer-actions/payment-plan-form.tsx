import { useState, type FormEvent } from 'react';
import { apiGet, apiPost, withQuery } from '../../api-client.js';
import { useI18n } from '../../i18n.js';
import type { MessageKey } from '../../messages.js';
import { FormField } from '../form-field.js';
import { ActionFailure, counted, errorsFor, FormButtons, useAction } from './action-kit.js';
import type { ActionFormProps, PaymentPlanProposal } from './action-types.js';
import { InstalmentTable } from './instalment-table.js';

const INTERVALS = ['month', 'two_weeks', 'week'] as const;

/**
 * A payment plan from a number of instalments, a first date and an interval. The schedule is
 * the API's own split of what is open (exact to the cent); it is shown before it is agreed, and
 * what is agreed is that schedule.
 */
export function PaymentPlanForm({ customerPath, today, onDone, onCancel }: ActionFormProps) {
  const { t, locale } = useI18n();
  const [count, setCount] = useState('3');
  const [first, setFirst] = useState('');
  const [every, setEvery] = useState<(typeof INTERVALS)[number]>('month');
  const [proposal, setProposal] = useState<PaymentPlanProposal | null>(null);
  const [local, setLocal] = useState<'count' | 'first' | null>(null);
  const action = useAction();

  const propose = async (event: FormEvent) => {
    event.preventDefault();
    const instalments = Number(count);
    if (!Number.isInteger(instalments) || instalments < 1 || instalments > 60) return setLocal('count');
    if (!first) return setLocal('first');
    setLocal(null);
    await action.run(async () => {
      setProposal(await apiGet<PaymentPlanProposal>(withQuery(`${customerPath}/payment-plans/proposal`, { instalments, first_due_date: first, every })));
    });
  };
  const agree = async () => {
    if (!proposal) return;
    await action.run(async () => {
      await apiPost(`${customerPath}/payment-plans`, { invoice_numbers: proposal.invoice_numbers, instalments: proposal.instalments });
      onDone(t('actions.plan.done', { count: counted(t, 'actions.instalment', proposal.instalments.length, locale) }));
    });
  };
  const changed = () => setProposal(null);

  return (
    <form className="action-form" onSubmit={propose} noValidate aria-labelledby="plan-form-title" data-testid="plan-form">
      <h3 id="plan-form-title" className="subheading">
        {t('actions.plan.title')}
      </h3>
      <div className="action-fields">
        <FormField id="plan-count" label={t('actions.plan.count')} errors={local === 'count' ? [t('actions.plan.countError')] : errorsFor(action.failure, 'instalments', t('actions.plan.countError'))}>
          <input id="plan-count" type="number" inputMode="numeric" min={1} max={60} step={1} required value={count} onChange={(event) => { setCount(event.target.value); changed(); }} />
        </FormField>
        <FormField id="plan-first" label={t('actions.plan.first')} errors={local === 'first' ? [t('actions.plan.firstError')] : errorsFor(action.failure, 'first_due_date', t('actions.plan.firstError'))}>
          <input id="plan-first" type="date" min={today} required value={first} onChange={(event) => { setFirst(event.target.value); changed(); }} />
        </FormField>
        <FormField id="plan-every" label={t('actions.plan.every')} errors={[]}>
          <select id="plan-every" value={every} onChange={(event) => { setEvery(event.target.value as (typeof INTERVALS)[number]); changed(); }}>
            {INTERVALS.map((value) => (
              <option key={value} value={value}>
                {t(`actions.plan.every.${value}` as MessageKey)}
              </option>
            ))}
          </select>
        </FormField>
      </div>
      {proposal ? <InstalmentTable testId="plan-proposal" caption={t('actions.plan.scheduleCaption', { invoices: proposal.invoice_numbers.join(', ') })} instalments={proposal.instalments} total={proposal.total} /> : null}
      <ActionFailure failure={action.failure} fields={['instalments', 'first_due_date']} />
      <div className="action-buttons">
        {proposal ? (
          <button type="button" className="button button-primary button-small" disabled={action.busy} onClick={agree}>
            {action.busy ? t('actions.saving') : t('actions.plan.submit')}
          </button>
        ) : (
          <button type="submit" className="button button-primary button-small" disabled={action.busy}>
            {t('actions.plan.show')}
          </button>
        )}
        <button type="button" className="button button-secondary button-small" onClick={onCancel}>
          {t('actions.cancel')}
        </button>
      </div>
    </form>
  );
}
