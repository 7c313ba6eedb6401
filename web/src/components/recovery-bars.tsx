import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { MoneyJson } from '../api-types.js';
import { formatMoney } from '../format.js';
import { useI18n } from '../i18n.js';

/** One group of handed cases: a partner for the creditor, a creditor for the agency. */
export interface RecoveryBar {
  key: string;
  label: string;
  handed: MoneyJson;
  recovered: MoneyJson;
}

interface Datum {
  key: string;
  label: string;
  /** Bar lengths only; every printed amount is the server's decimal string. */
  handed: number;
  recovered: number;
  handedText: string;
  recoveredText: string;
}

const HANDED = '#9fb3c8';
const RECOVERED = '#2f7d4f';

/** Handed beside recovered, a pair of bars per group; the exact amounts are in the table the page shows with it. */
export function RecoveryBars({ bars, currency, title }: { bars: readonly RecoveryBar[]; currency: string; title: string }) {
  const { t, locale } = useI18n();
  const data: Datum[] = bars.map((bar) => ({
    key: bar.key,
    label: bar.label,
    handed: Number(bar.handed.amount),
    recovered: Number(bar.recovered.amount),
    handedText: formatMoney(bar.handed, locale),
    recoveredText: formatMoney(bar.recovered, locale),
  }));
  const axis = new Intl.NumberFormat(locale, { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 });
  return (
    <figure className="recovery-bars" data-testid="recovery-bars">
      <figcaption className="visually-hidden">{title}</figcaption>
      <div aria-hidden="true">
        <ResponsiveContainer width="100%" height={260}>
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 8 }} accessibilityLayer={false}>
            <CartesianGrid vertical={false} stroke="#e3e7ec" />
            <XAxis dataKey="label" interval={0} tickLine={false} axisLine={{ stroke: '#c9d1da' }} tick={{ fill: '#4a5562', fontSize: 11 }} />
            <YAxis tickFormatter={(value: number) => axis.format(value)} tickLine={false} axisLine={false} width={72} tick={{ fill: '#4a5562', fontSize: 12 }} />
            <Tooltip
              cursor={{ fill: 'rgba(31, 78, 121, 0.06)' }}
              formatter={(_value, name, item) => {
                const datum = item.payload as Datum;
                return name === 'recovered' ? [datum.recoveredText, t('handoffReports.recovered')] : [datum.handedText, t('handoffReports.handed')];
              }}
            />
            <Legend formatter={(name: string) => (name === 'recovered' ? t('handoffReports.recovered') : t('handoffReports.handed'))} />
            <Bar dataKey="handed" fill={HANDED} radius={[3, 3, 0, 0]} isAnimationActive={false} />
            <Bar dataKey="recovered" fill={RECOVERED} radius={[3, 3, 0, 0]} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
