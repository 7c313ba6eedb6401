import { useState, type FormEvent } from 'react';
import { apiGet, apiPost } from '../api-client.js';
import type { MoneyJson, OpenItems } from '../api-types.js';
import { decimalFromTyped, formatMoney, isPositive } from '../format.js';
import { useI18n } from '../i18n.js';
import { ActionFailure, useAction } from './customer-actions/action-kit.js';
import { FormField } from './form-field.js';

interface Found {
  id: string;
  name: string;
  reference: string;
}

/**
 * A waiting credit applied by a person: the customer by its reference, then how much goes on each
 * of its open invoices (a split); whatever is left, or all of it, stays on the customer's account.
 */
export function ReconcileByHand({ lineId, amount, onDone, onCancel }: { lineId: string; amount: MoneyJson; onDone: (text: string) => void; onCancel: () => void }) {
  const { t, locale } = useI18n();
  const [reference, setReference] = useState('');
  const [customer, setCustomer] = useState<Found | null>(null);
  const [items, setItems] = useState<OpenItems['items']>([]);
  const [amounts, setAmounts] = useState<Record<string, string>>({});
  const [local, setLocal] = useState<'customer' | 'amount' | null>(null);
  const action = useAction();

  const find = async (event: FormEvent) => {
    event.preventDefault();
    setLocal(null);
    await action.run(async () => {
      const found = await apiGet<{ items: Found[] }>(`/api/customers?search=${encodeURIComponent(reference.trim())}&limit=10&offset=0`);
      const exact = found.items.find((item) => item.reference.toLowerCase() === reference.trim().toLowerCase()) ?? (found.items.length === 1 ? found.items[0]! : null);
      if (!exact) return setLocal('customer');
      setCustomer(exact);
      const open = await apiGet<OpenItems>(`/api/customers/${encodeURIComponent(exact.id)}/open-items`);
      setItems(open.items.filter((item) => isPositive(item.open) && item.open.currency === amount.currency));
    });
  };

  const confirm = async (event: FormEvent) => {
    event.preventDefault();
    const allocations: { invoice_id: string; amount: MoneyJson }[] = [];
    for (const item of items) {
      const typed = decimalFromTyped(amounts[item.id] ?? '');
      if (typed === '') continue;
      if (!/^\d+(\.\d{1,2})?$/.test(typed) || Number(typed) <= 0) return setLocal('amount');
      allocations.push({ invoice_id: item.id, amount: { amount: typed, currency: amount.currency } });
    }
    setLocal(null);
    await action.run(async () => {
      const answer = await apiPost<{ invoices: string[] }>(`/api/reconciliation/${encodeURIComponent(lineId)}/confirm`, { customer_id: customer!.id, allocations });
      onDone(answer.invoices.length > 0 ? t('reconciliation.confirmed', { invoices: answer.invoices.join(', ') }) : t('reconciliation.confirmedOnAccount'));
    });
  };

  return (
    <div className="action-form" data-testid="reconcile-by-hand">
      {customer === null ? (
        <form onSubmit={find} noValidate>
          <FormField id={`reconcile-customer-${lineId}`} label={t('reconciliation.byHand.customer')} errors={local === 'customer' ? [t('reconciliation.byHand.customerError')] : []}>
            <input id={`reconcile-customer-${lineId}`} type="text" autoComplete="off" value={reference} onChange={(event) => setReference(event.target.value)} />
          </FormField>
          <button type="submit" className="button button-secondary button-small" disabled={action.busy || reference.trim() === ''}>
            {t('reconciliation.byHand.find')}
          </button>{' '}
          <button type="button" className="button button-secondary button-small" onClick={onCancel}>
            {t('actions.cancel')}
          </button>
        </form>
      ) : (
        <form onSubmit={confirm} noValidate>
          <p>
            <strong>{customer.name}</strong> ({customer.reference}) · {t('reconciliation.byHand.help', { amount: formatMoney(amount, locale) })}
          </p>
          {items.length === 0 ? <p className="muted">{t('reconciliation.byHand.noInvoice')}</p> : null}
          {items.map((item) => (
            <FormField key={item.id} id={`reconcile-${lineId}-${item.id}`} label={t('reconciliation.byHand.invoice', { number: item.number, open: formatMoney(item.open, locale) })} errors={[]}>
              <input id={`reconcile-${lineId}-${item.id}`} type="text" inputMode="decimal" autoComplete="off" value={amounts[item.id] ?? ''} onChange={(event) => setAmounts({ ...amounts, [item.id]: event.target.value })} />
            </FormField>
          ))}
          {local === 'amount' ? (
            <p className="field-error" data-testid="field-error">
              {t('actions.promise.amountError')}
            </p>
          ) : null}
          <button type="submit" className="button button-primary button-small" disabled={action.busy}>
            {t('reconciliation.byHand.apply')}
          </button>{' '}
          <button type="button" className="button button-secondary button-small" onClick={onCancel}>
            {t('actions.cancel')}
          </button>
        </form>
      )}
      <ActionFailure failure={action.failure} fields={['customer_id', 'allocations']} />
    </div>
  );
}
