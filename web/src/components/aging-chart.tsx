import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { AGING_BUCKETS, type AgingBucket, type MoneyJson } from '../api-types.js';
import { formatMoney } from '../format.js';
import { useI18n } from '../i18n.js';

// From calm to alarming as the debt gets older; each pair passes WCAG contrast on white.
const COLORS: Record<AgingBucket, string> = {
  not_due: '#5b7fa6',
  d1_30: '#d4a72c',
  d31_60: '#d9822b',
  d61_90: '#c4512c',
  over_90: '#9b2226',
};

interface Datum {
  bucket: AgingBucket;
  label: string;
  /** Bar length only; every printed amount is the server's decimal string. */
  height: number;
  display: string;
}

/** The five aging buckets as bars, with the exact amounts in a table beside them. */
export function AgingChart({ buckets, currency }: { buckets: Record<AgingBucket, MoneyJson>; currency: string }) {
  const { t, locale } = useI18n();
  const data: Datum[] = AGING_BUCKETS.map((bucket) => ({
    bucket,
    label: t(`bucket.${bucket}`),
    height: Number(buckets[bucket].amount),
    display: formatMoney(buckets[bucket], locale),
  }));
  const axis = new Intl.NumberFormat(locale, { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 });
  return (
    <div className="aging">
      <div className="aging-chart" aria-hidden="true">
        <ResponsiveContainer width="100%" height={260}>
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 8 }} accessibilityLayer={false}>
            <CartesianGrid vertical={false} stroke="#e3e7ec" />
            <XAxis
              dataKey="label"
              interval={0}
              tickLine={false}
              axisLine={{ stroke: '#c9d1da' }}
              tick={{ fill: '#4a5562', fontSize: 11 }}
            />
            <YAxis
              tickFormatter={(value: number) => axis.format(value)}
              tickLine={false}
              axisLine={false}
              width={72}
              tick={{ fill: '#4a5562', fontSize: 12 }}
            />
            <Tooltip
              cursor={{ fill: 'rgba(31, 78, 121, 0.06)' }}
              formatter={(_value, _name, item) => [(item.payload as Datum).display, t('bucket.amount')]}
            />
            <Bar dataKey="height" radius={[3, 3, 0, 0]} isAnimationActive={false}>
              {data.map((datum) => (
                <Cell key={datum.bucket} fill={COLORS[datum.bucket]} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      <table className="aging-table">
        <caption className="visually-hidden">{t('dashboard.agingTable')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('bucket.column')}</th>
            <th scope="col" className="numeric">
              {t('bucket.amount')}
            </th>
          </tr>
        </thead>
        <tbody>
          {data.map((datum) => (
            <tr key={datum.bucket} data-bucket={datum.bucket}>
              <th scope="row">
                <span className="swatch" style={{ background: COLORS[datum.bucket] }} aria-hidden="true" />
                {datum.label}
              </th>
              <td className="numeric">{datum.display}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
