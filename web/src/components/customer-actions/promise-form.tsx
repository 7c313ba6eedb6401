import { useState, type FormEvent } from 'react';
import { apiPost } from '../../api-client.js';
import type { OpenItem } from '../../api-types.js';
import { decimalFromTyped, formatMoney } from '../../format.js';
import { useI18n } from '../../i18n.js';
import { FormField } from '../form-field.js';
import { ActionFailure, dateInWords, errorsFor, FormButtons, useAction } from './action-kit.js';
import type { ActionFormProps } from './action-types.js';
import { InvoiceChoices, useInvoiceChoices } from './invoice-choices.js';

/** A promise to pay by a date, for every open invoice or the ones chosen. */
export function PromiseForm({ customerPath, today, openItems, onDone, onCancel }: ActionFormProps & { openItems: readonly OpenItem[] }) {
  const { t, locale } = useI18n();
  const [date, setDate] = useState('');
  const { chosen, toggle } = useInvoiceChoices();
  const [note, setNote] = useState('');
  const [amount, setAmount] = useState('');
  const [local, setLocal] = useState<'date' | 'amount' | null>(null);
  const action = useAction();
  // A promise is in the currency of the invoices it covers.
  const currency = openItems[0]?.open.currency ?? null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!date || date < today) return setLocal('date');
    const decimal = decimalFromTyped(amount);
    if (decimal !== '' && !/^\d+(\.\d+)?$/.test(decimal)) return setLocal('amount');
    setLocal(null);
    const promised = decimal !== '' && currency ? { amount: decimal, currency } : null;
    await action.run(async () => {
      await apiPost(`${customerPath}/promises`, { promised_on: date, ...(promised ? { amount: promised } : {}), ...(chosen.length > 0 ? { invoice_numbers: chosen } : {}), ...(note.trim() ? { note: note.trim() } : {}) });
      const when = dateInWords(date, locale);
      onDone(promised ? t('actions.promise.doneAmount', { amount: formatMoney(promised, locale), date: when }) : t('actions.promise.done', { date: when }));
    });
  };

  return (
    <form className="action-form" onSubmit={submit} noValidate aria-labelledby="promise-form-title" data-testid="promise-form">
      <h3 id="promise-form-title" className="subheading">
        {t('actions.promise.title')}
      </h3>
      <FormField id="promise-date" label={t('actions.promise.date')} help={t('actions.promise.dateHelp')} errors={local === 'date' ? [t('actions.promise.dateError')] : errorsFor(action.failure, 'promised_on', t('actions.promise.dateError'))}>
        <input id="promise-date" type="date" min={today} required value={date} onChange={(event) => setDate(event.target.value)} />
      </FormField>
      {currency ? (
        <FormField id="promise-amount" label={t('actions.promise.amount', { currency })} help={t('actions.promise.amountHelp')} errors={local === 'amount' ? [t('actions.promise.amountError')] : errorsFor(action.failure, 'amount', t('actions.promise.amountError'))}>
          <input id="promise-amount" type="text" inputMode="decimal" autoComplete="off" value={amount} onChange={(event) => setAmount(event.target.value)} />
        </FormField>
      ) : null}
      <InvoiceChoices legend={t('actions.promise.invoices')} openItems={openItems} chosen={chosen} toggle={toggle} />
      <FormField id="promise-note" label={t('actions.promise.note')} errors={errorsFor(action.failure, 'note', t('actions.error.field'))}>
        <textarea id="promise-note" rows={2} maxLength={2000} value={note} onChange={(event) => setNote(event.target.value)} />
      </FormField>
      <ActionFailure failure={action.failure} fields={['promised_on', 'amount', 'note']} />
      <FormButtons busy={action.busy} submit={t('actions.promise.submit')} onCancel={onCancel} />
    </form>
  );
}
