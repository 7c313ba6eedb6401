import { useState, type FormEvent } from 'react';
import { apiPost, apiPut } from '../../api-client.js';
import { useI18n } from '../../i18n.js';
import { FormField } from '../form-field.js';
import { ActionFailure, FormButtons, useAction } from './action-kit.js';
import type { ActionFormProps } from './action-types.js';

const OUTCOMES = [
  ['credit_note', 'actions.resolve.upheld'],
  ['rejected', 'actions.resolve.rejected'],
] as const;

/**
 * Ends a dispute: rejected, reminders resume; upheld, a credit note is to be issued, and until it
 * settles the invoice the invoice stays out of reminders (the customer was right).
 */
export function ResolveDisputeForm({ dispute, onDone, onCancel }: Omit<ActionFormProps, 'customerPath' | 'today'> & { dispute: { id: string; invoice: string; invoiceId: string | null } }) {
  const { t } = useI18n();
  const [resolution, setResolution] = useState<(typeof OUTCOMES)[number][0]>('rejected');
  const [note, setNote] = useState('');
  const action = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await action.run(async () => {
      await apiPost(`/api/disputes/${encodeURIComponent(dispute.id)}/resolve`, { resolution, ...(note.trim() ? { note: note.trim() } : {}) });
      if (resolution === 'credit_note' && dispute.invoiceId) {
        await apiPut(`/api/invoices/${encodeURIComponent(dispute.invoiceId)}/reminders`, { excluded: true, reason: t('actions.resolve.creditNoteReason') });
      }
      onDone(t(`actions.resolve.done.${resolution}`, { invoice: dispute.invoice }));
    });
  };
  const titleId = `resolve-${dispute.id}-title`;
  return (
    <form className="action-form" onSubmit={submit} noValidate aria-labelledby={titleId} data-testid="resolve-form">
      <h3 id={titleId} className="subheading">
        {t('actions.resolve.title', { invoice: dispute.invoice })}
      </h3>
      <fieldset className="action-choices">
        <legend>{t('actions.resolve.outcome')}</legend>
        {OUTCOMES.map(([value, label]) => (
          <label key={value} className="action-choice">
            <input type="radio" name={`resolution-${dispute.id}`} value={value} checked={resolution === value} onChange={() => setResolution(value)} /> {t(label)}
          </label>
        ))}
      </fieldset>
      <FormField id={`resolve-${dispute.id}-note`} label={t('actions.resolve.note')} errors={[]}>
        <textarea id={`resolve-${dispute.id}-note`} rows={2} maxLength={2000} value={note} onChange={(event) => setNote(event.target.value)} />
      </FormField>
      <ActionFailure failure={action.failure} fields={[]} />
      <FormButtons busy={action.busy} submit={t('actions.resolve.submit')} onCancel={onCancel} />
    </form>
  );
}
