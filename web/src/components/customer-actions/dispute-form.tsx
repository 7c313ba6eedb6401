import { useState, type FormEvent } from 'react';
import { apiPost } from '../../api-client.js';
import type { OpenItem } from '../../api-types.js';
import { formatMoney } from '../../format.js';
import { useI18n } from '../../i18n.js';
import type { MessageKey } from '../../messages.js';
import { FormField } from '../form-field.js';
import { ActionFailure, counted, FormButtons, useAction } from './action-kit.js';
import type { ActionFormProps } from './action-types.js';

export const DISPUTE_REASONS = ['invoice_error', 'not_delivered', 'not_as_agreed', 'price', 'other'] as const;

/** A dispute on one or more open invoices: each is no longer reminded until it is resolved. */
export function DisputeForm({ customerPath, openItems, onDone, onCancel }: ActionFormProps & { openItems: readonly OpenItem[] }) {
  const { t, locale } = useI18n();
  const [chosen, setChosen] = useState<string[]>([]);
  const [reason, setReason] = useState<(typeof DISPUTE_REASONS)[number]>('invoice_error');
  const [note, setNote] = useState('');
  const [noneChosen, setNoneChosen] = useState(false);
  const action = useAction();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (chosen.length === 0) return setNoneChosen(true);
    setNoneChosen(false);
    await action.run(async () => {
      // One dispute per invoice, as the API keeps them: each is resolved on its own.
      for (const invoiceId of chosen) await apiPost(`${customerPath}/disputes`, { invoice_id: invoiceId, reason, ...(note.trim() ? { note: note.trim() } : {}) });
      onDone(counted(t, 'actions.dispute.done', chosen.length, locale));
    });
  };
  const toggle = (id: string) => setChosen((current) => (current.includes(id) ? current.filter((n) => n !== id) : [...current, id]));

  return (
    <form className="action-form" onSubmit={submit} noValidate aria-labelledby="dispute-form-title" data-testid="dispute-form">
      <h3 id="dispute-form-title" className="subheading">
        {t('actions.dispute.title')}
      </h3>
      <fieldset className="action-choices" aria-describedby="dispute-invoices-help">
        <legend>{t('actions.dispute.invoices')}</legend>
        <p className="field-help" id="dispute-invoices-help">
          {openItems.length === 0 ? t('actions.dispute.noInvoice') : t('actions.dispute.invoicesHelp')}
        </p>
        {openItems.map((item) => (
          <label key={item.id} className="action-choice">
            <input type="checkbox" checked={chosen.includes(item.id)} onChange={() => toggle(item.id)} /> {item.number} · {formatMoney(item.open, locale)}
          </label>
        ))}
        {noneChosen ? (
          <p className="field-error" data-testid="field-error">
            {t('actions.dispute.chooseInvoice')}
          </p>
        ) : null}
      </fieldset>
      <FormField id="dispute-reason" label={t('actions.dispute.reason')} errors={[]}>
        <select id="dispute-reason" value={reason} onChange={(event) => setReason(event.target.value as (typeof DISPUTE_REASONS)[number])}>
          {DISPUTE_REASONS.map((value) => (
            <option key={value} value={value}>
              {t(`actions.disputeReason.${value}` as MessageKey)}
            </option>
          ))}
        </select>
      </FormField>
      <FormField id="dispute-note" label={t('actions.dispute.note')} errors={[]}>
        <textarea id="dispute-note" rows={2} maxLength={2000} value={note} onChange={(event) => setNote(event.target.value)} />
      </FormField>
      <ActionFailure failure={action.failure} fields={[]} />
      <FormButtons busy={action.busy} submit={t('actions.dispute.submit')} onCancel={onCancel} />
    </form>
  );
}
