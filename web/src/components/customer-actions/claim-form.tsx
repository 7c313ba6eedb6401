import { useState, type FormEvent } from 'react';
import { apiPost } from '../../api-client.js';
import type { OpenItem } from '../../api-types.js';
import { decimalFromTyped } from '../../format.js';
import { useI18n } from '../../i18n.js';
import { FormField } from '../form-field.js';
import { ActionFailure, dateInWords, errorsFor, FormButtons, useAction } from './action-kit.js';
import type { ActionFormProps } from './action-types.js';
import { InvoiceChoices, useInvoiceChoices } from './invoice-choices.js';

/** The customer says it already paid: the invoices wait while the payment is looked for. */
export function ClaimForm({ customerPath, today, openItems, onDone, onCancel }: ActionFormProps & { openItems: readonly OpenItem[] }) {
  const { t, locale } = useI18n();
  const [date, setDate] = useState(today);
  const { chosen, toggle } = useInvoiceChoices();
  const [amount, setAmount] = useState('');
  const [reference, setReference] = useState('');
  const [note, setNote] = useState('');
  const [local, setLocal] = useState<'date' | 'amount' | null>(null);
  const action = useAction();
  const currency = openItems[0]?.open.currency ?? null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!date || date > today) return setLocal('date');
    const decimal = decimalFromTyped(amount);
    if (decimal !== '' && !/^\d+(\.\d+)?$/.test(decimal)) return setLocal('amount');
    setLocal(null);
    const paid = decimal !== '' && currency ? { amount: decimal, currency } : null;
    await action.run(async () => {
      const claim = await apiPost<{ until: string }>(`${customerPath}/payment-claims`, {
        paid_on: date,
        ...(paid ? { amount: paid } : {}),
        ...(reference.trim() ? { reference: reference.trim() } : {}),
        ...(chosen.length > 0 ? { invoice_numbers: chosen } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      onDone(t('actions.claim.done', { date: dateInWords(claim.until, locale) }));
    });
  };

  return (
    <form className="action-form" onSubmit={submit} noValidate aria-labelledby="claim-form-title" data-testid="claim-form">
      <h3 id="claim-form-title" className="subheading">
        {t('actions.claim.title')}
      </h3>
      <p className="field-help">{t('actions.claim.intro')}</p>
      <FormField id="claim-date" label={t('actions.claim.date')} errors={local === 'date' ? [t('actions.claim.dateError')] : errorsFor(action.failure, 'paid_on', t('actions.claim.dateError'))}>
        <input id="claim-date" type="date" max={today} required value={date} onChange={(event) => setDate(event.target.value)} />
      </FormField>
      {currency ? (
        <FormField id="claim-amount" label={t('actions.claim.amount', { currency })} help={t('actions.claim.amountHelp')} errors={local === 'amount' ? [t('actions.promise.amountError')] : errorsFor(action.failure, 'amount', t('actions.promise.amountError'))}>
          <input id="claim-amount" type="text" inputMode="decimal" autoComplete="off" value={amount} onChange={(event) => setAmount(event.target.value)} />
        </FormField>
      ) : null}
      <FormField id="claim-reference" label={t('actions.claim.reference')} errors={errorsFor(action.failure, 'reference', t('actions.error.field'))}>
        <input id="claim-reference" type="text" maxLength={140} autoComplete="off" value={reference} onChange={(event) => setReference(event.target.value)} />
      </FormField>
      <InvoiceChoices legend={t('actions.claim.invoices')} openItems={openItems} chosen={chosen} toggle={toggle} />
      <FormField id="claim-note" label={t('actions.promise.note')} errors={errorsFor(action.failure, 'note', t('actions.error.field'))}>
        <textarea id="claim-note" rows={2} maxLength={2000} value={note} onChange={(event) => setNote(event.target.value)} />
      </FormField>
      <ActionFailure failure={action.failure} fields={['paid_on', 'amount', 'reference', 'invoice_numbers', 'note']} />
      <FormButtons busy={action.busy} submit={t('actions.claim.submit')} onCancel={onCancel} />
    </form>
  );
}
