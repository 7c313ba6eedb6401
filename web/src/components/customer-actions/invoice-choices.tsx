import { useState } from 'react';
import type { OpenItem } from '../../api-types.js';
import { formatMoney } from '../../format.js';
import { useI18n } from '../../i18n.js';

/** The invoices an action covers, chosen by number: none chosen means every open one. */
export function useInvoiceChoices() {
  const [chosen, setChosen] = useState<string[]>([]);
  const toggle = (number: string) => setChosen((current) => (current.includes(number) ? current.filter((n) => n !== number) : [...current, number]));
  return { chosen, toggle };
}

export function InvoiceChoices({ legend, openItems, chosen, toggle }: { legend: string; openItems: readonly OpenItem[]; chosen: readonly string[]; toggle: (number: string) => void }) {
  const { t, locale } = useI18n();
  return (
    <fieldset className="action-choices">
      <legend>{legend}</legend>
      <p className="field-help">{t('actions.promise.allInvoices')}</p>
      {openItems.map((item) => (
        <label key={item.id} className="action-choice">
          <input type="checkbox" checked={chosen.includes(item.number)} onChange={() => toggle(item.number)} /> {item.number} · {formatMoney(item.open, locale)}
        </label>
      ))}
    </fieldset>
  );
}
