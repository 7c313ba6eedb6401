import type { MoneyJson, PlainDate } from '../../api-types.js';
import { formatMoney } from '../../format.js';
import { useI18n } from '../../i18n.js';
import { dateInWords } from './action-kit.js';

/** A payment plan's instalments as the API gives them, before it is agreed and after. */
export function InstalmentTable({ caption, instalments, total, testId }: { caption: string; instalments: readonly { due_date: PlainDate; amount: MoneyJson }[]; total?: MoneyJson; testId: string }) {
  const { t, locale } = useI18n();
  return (
    <div className="table-scroll">
      <table className="data-table" data-testid={testId}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('actions.plan.dueDate')}</th>
            <th scope="col" className="numeric">
              {t('actions.plan.amount')}
            </th>
          </tr>
        </thead>
        <tbody>
          {instalments.map((instalment) => (
            <tr key={instalment.due_date}>
              <td>{dateInWords(instalment.due_date, locale)}</td>
              <td className="numeric">{formatMoney(instalment.amount, locale)}</td>
            </tr>
          ))}
        </tbody>
        {total ? (
          <tfoot>
            <tr>
              <th scope="row">{t('actions.plan.total')}</th>
              <td className="numeric">{formatMoney(total, locale)}</td>
            </tr>
          </tfoot>
        ) : null}
      </table>
    </div>
  );
}
