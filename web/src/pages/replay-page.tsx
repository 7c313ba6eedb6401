import '../replay.css';
import { useState, type FormEvent } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { apiPost } from '../api-client.js';
import type { Scenario } from '../collection-types.js';
import { ErrorNotice } from '../components/status-message.js';
import { addDecimals, formatDate, formatDateInWords, formatMoney, formatNumber } from '../format.js';
import { useI18n } from '../i18n.js';
import type { MessageKey } from '../messages.js';
import { useApi } from '../use-api.js';
import { useDocumentTitle } from '../use-document-title.js';

interface WeekCash {
  week_start: string;
  amount: string;
  currency: string;
}

/** What POST /api/simulations answers for one scenario (docs/simulation.md defines each figure). */
export interface ReplayReport {
  from: string;
  to: string;
  days: number;
  scenario: string | null;
  customers: number;
  overdue_invoices: number;
  messages_sent: number;
  messages_per_customer_month: { mean: number; max: number };
  same_day_double_contacts: number;
  reminders_after_payment: number;
  human_tasks: number;
  human_tasks_per_100_overdue: number;
  pre_due_reach: number | null;
  first_contacts: Record<string, number>;
  formal_notices: number;
  handoffs: number;
  cash_collected: WeekCash[];
  dso: { start: number | null; end: number | null };
}

const CURRENT = '';
const LINE_COLORS = ['#1f4e79', '#c4512c'];

type Figure = [MessageKey, (report: ReplayReport, locale: string) => string];

const FIGURES: Figure[] = [
  ['replay.cashTotal', (r, locale) => totalCash(r, locale)],
  ['replay.dso', (r, locale) => `${r.dso.start === null ? '—' : formatNumber(r.dso.start, locale, 1)} → ${r.dso.end === null ? '—' : formatNumber(r.dso.end, locale, 1)}`],
  ['replay.overdueInvoices', (r, locale) => formatNumber(r.overdue_invoices, locale)],
  ['replay.messagesSent', (r, locale) => formatNumber(r.messages_sent, locale)],
  ['replay.perCustomerMonth', (r, locale) => `${formatNumber(r.messages_per_customer_month.mean, locale, 2)} / ${formatNumber(r.messages_per_customer_month.max, locale, 2)}`],
  ['replay.doubleContacts', (r, locale) => formatNumber(r.same_day_double_contacts, locale)],
  ['replay.afterPayment', (r, locale) => formatNumber(r.reminders_after_payment, locale)],
  ['replay.humanTasks', (r, locale) => `${formatNumber(r.human_tasks, locale)} (${formatNumber(r.human_tasks_per_100_overdue, locale, 1)})`],
  ['replay.preDueReach', (r, locale) => (r.pre_due_reach === null ? '—' : `${formatNumber(r.pre_due_reach * 100, locale)} %`)],
  ['replay.firstContacts', (r) => Object.entries(r.first_contacts).map(([step, n]) => `${step}: ${n}`).join(', ') || '—'],
  ['replay.formalNotices', (r, locale) => formatNumber(r.formal_notices, locale)],
  ['replay.handoffs', (r, locale) => formatNumber(r.handoffs, locale)],
];

function totalCash(report: ReplayReport, locale: string): string {
  const byCurrency = new Map<string, string>();
  for (const week of report.cash_collected) byCurrency.set(week.currency, addDecimals(byCurrency.get(week.currency) ?? '0', week.amount));
  return [...byCurrency].map(([currency, amount]) => formatMoney({ amount, currency }, locale)).join(' + ');
}

/** Replays the coming days on a copy of the ledger for one or two scenarios, side by side. */
export function ReplayPage() {
  const { t, locale, language } = useI18n();
  useDocumentTitle(t('replay.title'));
  const scenarios = useApi<{ items: Scenario[] }>('/api/scenarios');
  const [days, setDays] = useState(90);
  const [from, setFrom] = useState('');
  const [first, setFirst] = useState(CURRENT);
  const [second, setSecond] = useState<string | null>(null);
  const [seed, setSeed] = useState(1);
  const [state, setState] = useState<{ kind: 'idle' } | { kind: 'running' } | { kind: 'done'; reports: ReplayReport[] } | { kind: 'failed'; error: Error }>({ kind: 'idle' });

  const scenarioName = (id: string | null) => {
    if (!id) return t('replay.currentAssignment');
    const scenario = scenarios.data?.items.find((s) => s.id === id);
    return scenario ? scenario.name[language] : id;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setState({ kind: 'running' });
    const chosen = [first || null, ...(second === null ? [] : [second || null])];
    try {
      const answer = await apiPost<{ simulations: ReplayReport[] }>('/api/simulations', { days, seed, scenarios: chosen, ...(from ? { from } : {}) });
      setState({ kind: 'done', reports: answer.simulations });
    } catch (error) {
      setState({ kind: 'failed', error: error instanceof Error ? error : new Error(String(error)) });
    }
  };

  const options = (
    <>
      <option value={CURRENT}>{t('replay.currentAssignment')}</option>
      {scenarios.data?.items.map((scenario) => (
        <option key={scenario.id} value={scenario.id}>
          {scenario.name[language]}
        </option>
      ))}
    </>
  );

  return (
    <main id="main" className="page">
      <div className="page-heading">
        <div>
          <h1>{t('replay.title')}</h1>
          <p className="muted">{t('replay.intro')}</p>
        </div>
      </div>
      <form className="panel replay-form" onSubmit={submit} aria-label={t('replay.title')}>
        <label>
          {t('replay.days')}
          <input type="number" min={1} max={366} value={days} onChange={(e) => setDays(Number(e.target.value))} />
        </label>
        <label>
          {t('replay.from')}
          <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          {t('replay.scenarioA')}
          <select value={first} onChange={(e) => setFirst(e.target.value)}>
            {options}
          </select>
        </label>
        <label>
          {t('replay.scenarioB')}
          <select value={second ?? 'none'} onChange={(e) => setSecond(e.target.value === 'none' ? null : e.target.value)}>
            <option value="none">{t('replay.noComparison')}</option>
            {options}
          </select>
        </label>
        <label>
          {t('replay.seed')}
          <input type="number" min={0} value={seed} onChange={(e) => setSeed(Number(e.target.value))} />
        </label>
        <button type="submit" className="button" disabled={state.kind === 'running'}>
          {state.kind === 'running' ? t('replay.running') : t('replay.run')}
        </button>
      </form>
      {state.kind === 'failed' ? <ErrorNotice error={state.error} /> : null}
      {state.kind === 'done' ? <ReplayResults reports={state.reports} name={scenarioName} /> : null}
      <p className="muted">{t('replay.copyNote')}</p>
    </main>
  );

  function ReplayResults({ reports, name }: { reports: ReplayReport[]; name: (id: string | null) => string }) {
    const weeks = reports[0]!.cash_collected.filter((w) => w.currency === reports[0]!.cash_collected[0]?.currency).map((w) => w.week_start);
    const currency = reports[0]!.cash_collected[0]?.currency ?? 'EUR';
    const data = weeks.map((week) => {
      const row: Record<string, string | number> = { week: formatDate(week, locale) };
      reports.forEach((report, index) => {
        const found = report.cash_collected.find((w) => w.week_start === week && w.currency === currency);
        row[`s${index}`] = found ? Number(found.amount) : 0;
      });
      return row;
    });
    const axis = new Intl.NumberFormat(locale, { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 });
    return (
      <>
        <section className="panel" aria-labelledby="replay-cash-title">
          <h2 id="replay-cash-title">{t('replay.cashPerWeek')}</h2>
          <div aria-hidden="true">
            <ResponsiveContainer width="100%" height={280}>
              <LineChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
                <CartesianGrid vertical={false} stroke="#e3e7ec" />
                <XAxis dataKey="week" tick={{ fill: '#4a5562', fontSize: 11 }} />
                <YAxis tickFormatter={(value: number) => axis.format(value)} width={72} tick={{ fill: '#4a5562', fontSize: 12 }} />
                <Tooltip formatter={(value) => formatMoney({ amount: Number(value).toFixed(2), currency }, locale)} />
                <Legend />
                {reports.map((report, index) => (
                  <Line key={index} type="monotone" dataKey={`s${index}`} name={name(report.scenario)} stroke={LINE_COLORS[index]} strokeWidth={2} isAnimationActive={false} dot={false} />
                ))}
              </LineChart>
            </ResponsiveContainer>
          </div>
        </section>
        <section className="panel" aria-labelledby="replay-figures-title">
          <h2 id="replay-figures-title">{t('replay.figures', { from: formatDateInWords(reports[0]!.from, locale), to: formatDateInWords(reports[0]!.to, locale) })}</h2>
          <table className="data-table" data-testid="replay-figures">
            <thead>
              <tr>
                <th scope="col">{t('replay.figure')}</th>
                {reports.map((report, index) => (
                  <th key={index} scope="col">
                    {name(report.scenario)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {FIGURES.map(([key, show]) => (
                <tr key={key}>
                  <th scope="row">{t(key)}</th>
                  {reports.map((report, index) => (
                    <td key={index}>{show(report, locale)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </>
    );
  }
}
