import { useState, type FormEvent } from 'react';
import { apiPut } from '../../api-client.js';
import type { OpenItem } from '../../api-types.js';
import { formatMoney } from '../../format.js';
import { useI18n } from '../../i18n.js';
import { FormField } from '../form-field.js';
import { ActionFailure, errorsFor, FormButtons, useAction } from './action-kit.js';
import type { ActionFormProps } from './action-types.js';

/** Leaves one open invoice out of every reminder, with why; it stays on the account. */
export function ExcludeInvoiceForm({ openItems, onDone, onCancel }: Omit<ActionFormProps, 'customerPath' | 'today'> & { openItems: readonly OpenItem[] }) {
  const { t, locale } = useI18n();
  const [invoiceId, setInvoiceId] = useState(openItems[0]?.id ?? '');
  const [reason, setReason] = useState('');
  const [missingReason, setMissingReason] = useState(false);
  const action = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!reason.trim()) return setMissingReason(true);
    setMissingReason(false);
    const invoice = openItems.find((item) => item.id === invoiceId);
    if (!invoice) return;
    await action.run(async () => {
      await apiPut(`/api/invoices/${encodeURIComponent(invoice.id)}/reminders`, { excluded: true, reason: reason.trim() });
      onDone(t('actions.exclude.done', { invoice: invoice.number }));
    });
  };
  if (openItems.length === 0) return <p className="muted">{t('actions.exclude.none')}</p>;
  return (
    <form className="action-form" onSubmit={submit} noValidate aria-labelledby="exclude-form-title" data-testid="exclude-form">
      <h3 id="exclude-form-title" className="subheading">
        {t('actions.exclude.title')}
      </h3>
      <FormField id="exclude-invoice" label={t('actions.exclude.invoice')} errors={[]}>
        <select id="exclude-invoice" value={invoiceId} onChange={(event) => setInvoiceId(event.target.value)}>
          {openItems.map((item) => (
            <option key={item.id} value={item.id}>
              {item.number} · {formatMoney(item.open, locale)}
            </option>
          ))}
        </select>
      </FormField>
      <FormField id="exclude-reason" label={t('actions.exclude.reason')} help={t('actions.exclude.reasonHelp')} errors={missingReason ? [t('actions.exclude.reasonError')] : errorsFor(action.failure, 'reason', t('actions.exclude.reasonError'))}>
        <input id="exclude-reason" type="text" maxLength={500} required value={reason} onChange={(event) => setReason(event.target.value)} />
      </FormField>
      <ActionFailure failure={action.failure} fields={['reason']} />
      <FormButtons busy={action.busy} submit={t('actions.exclude.submit')} onCancel={onCancel} />
    </form>
  );
}
