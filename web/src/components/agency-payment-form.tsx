import { useState, type FormEvent } from 'react';
import { ApiError, apiPost } from '../api-client.js';
import type { MoneyJson } from '../api-types.js';
import { decimalFromTyped, formatDateInWords, formatMoney, isPositive } from '../format.js';
import { useI18n } from '../i18n.js';
import { fieldErrorSentence } from '../spoken-codes.js';
import type { AgencyCaseDetail } from './agency-case-types.js';
import { FormField } from './form-field.js';
import { ErrorNotice } from './status-message.js';

type Field = 'amount' | 'received_on' | 'reference';

/** POST /api/agency/cases/:id/payments answer. */
interface RecordedPayment {
  reference: string;
  amount: MoneyJson;
  unapplied: MoneyJson;
}

/**
 * The agency records a payment it collected: the API writes it in the creditor's books and puts
 * it on the handed invoices; the page then reloads the case to show the figures the API gives.
 */
export function AgencyPaymentForm({ agencyCase, today, onRecorded }: { agencyCase: AgencyCaseDetail; today: string; onRecorded(): void }) {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const currency = agencyCase.balance.currency;
  const [amount, setAmount] = useState('');
  const [receivedOn, setReceivedOn] = useState(today);
  const [reference, setReference] = useState('');
  const [local, setLocal] = useState<Partial<Record<Field, string>>>({});
  const [failure, setFailure] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const [recorded, setRecorded] = useState<RecordedPayment | null>(null);
  const creditor = agencyCase.creditor.name;

  const serverErrors = (field: Field): string[] => {
    if (!(failure instanceof ApiError)) return [];
    if (failure.status === 409 && field === 'reference') return [t('agency.payment.duplicate', { creditor })];
    const errors = failure.problem.errors ?? [];
    if (field === 'received_on' && errors.some((error) => error.field === 'received_on' && /hand/.test(error.message))) {
      return [t('agency.payment.beforeHandoff', { date: formatDateInWords(agencyCase.starts_on, locale) })];
    }
    return errors.filter((error) => error.field === field || error.field.startsWith(`${field}.`)).map((error) => fieldErrorSentence(error, i18n));
  };
  const fieldErrors = (field: Field) => [...(local[field] ? [local[field]!] : []), ...serverErrors(field)];
  const shownInFields = failure instanceof ApiError && (['amount', 'received_on', 'reference'] as const).some((field) => serverErrors(field).length > 0);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setRecorded(null);
    setFailure(null);
    const typed = decimalFromTyped(amount);
    const missing: Partial<Record<Field, string>> = {
      ...(typed === '' ? { amount: t('agency.payment.amountRequired') } : /^\d+(\.\d+)?$/.test(typed) ? {} : { amount: t('agency.payment.amountInvalid') }),
      ...(receivedOn === '' ? { received_on: t('agency.payment.receivedOnRequired') } : {}),
      ...(reference.trim() === '' ? { reference: t('agency.payment.referenceRequired') } : {}),
    };
    setLocal(missing);
    if (Object.keys(missing).length > 0) return;
    setBusy(true);
    try {
      const payment = await apiPost<RecordedPayment>(`/api/agency/cases/${encodeURIComponent(agencyCase.id)}/payments`, {
        amount: { amount: typed, currency },
        received_on: receivedOn,
        reference: reference.trim(),
      });
      setRecorded(payment);
      setAmount('');
      setReference('');
      onRecorded();
    } catch (error) {
      setFailure(error instanceof Error ? error : new Error(String(error)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="agency-payment-title" data-testid="agency-payment-form">
      <h2 id="agency-payment-title">{t('agency.payment.title')}</h2>
      <p className="field-help">{t('agency.payment.help', { creditor })}</p>
      <form onSubmit={submit} noValidate>
        <FormField id="agency-payment-amount" label={t('agency.payment.amount', { currency })} errors={fieldErrors('amount')}>
          <input id="agency-payment-amount" type="text" inputMode="decimal" autoComplete="off" value={amount} onChange={(event) => setAmount(event.target.value)} />
        </FormField>
        <FormField id="agency-payment-received-on" label={t('agency.payment.receivedOn')} errors={fieldErrors('received_on')}>
          <input id="agency-payment-received-on" type="date" min={agencyCase.starts_on} value={receivedOn} onChange={(event) => setReceivedOn(event.target.value)} />
        </FormField>
        <FormField id="agency-payment-reference" label={t('agency.payment.reference')} help={t('agency.payment.referenceHelp')} errors={fieldErrors('reference')}>
          <input id="agency-payment-reference" type="text" maxLength={200} autoComplete="off" value={reference} onChange={(event) => setReference(event.target.value)} />
        </FormField>
        {failure && !shownInFields ? <ErrorNotice error={failure} /> : null}
        {recorded ? (
          <p className="notice notice-info" role="status" data-testid="agency-payment-recorded">
            {isPositive(recorded.unapplied)
              ? t('agency.payment.savedOnAccount', { reference: recorded.reference, amount: formatMoney(recorded.amount, locale), creditor, left: formatMoney(recorded.unapplied, locale) })
              : t('agency.payment.saved', { reference: recorded.reference, amount: formatMoney(recorded.amount, locale), creditor })}
          </p>
        ) : null}
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? t('agency.payment.saving') : t('agency.payment.submit')}
        </button>
      </form>
    </section>
  );
}
