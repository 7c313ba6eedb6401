import { useState, type FormEvent } from 'react';
import { ApiError, apiPost } from '../../api-client.js';
import { FormField } from '../../components/form-field.js';
import { ErrorNotice, Loading } from '../../components/status-message.js';
import { formatDateInWords, formatNumber } from '../../format.js';
import { translateOptional, useI18n, type Translate } from '../../i18n.js';
import { useApi } from '../../use-api.js';
import { useDocumentTitle } from '../../use-document-title.js';
import { AdminSettingsPage, FailureNotice, Saved, useAction, useFieldErrors } from './setup-common.js';

/** One row of `GET /api/late-fees/rates`. */
interface RateEntry {
  law: string;
  from: string;
  rate: string;
  origin: 'built_in' | 'added' | 'replaced';
  source: string;
  added_by: string | null;
  added_at: string | null;
}

/** "2026-07-01" → "Second half of 2026". */
function periodLabel(t: Translate, from: string): string {
  const year = from.slice(0, 4);
  return t(from.slice(5, 7) === '07' ? 'setup.rates.second' : 'setup.rates.first', { year });
}

/** The half-year after the latest one on file: the one an administrator most likely adds. */
function nextHalfYear(items: readonly RateEntry[]): { year: string; half: '01' | '07' } {
  const latest = items.map((entry) => entry.from).sort().at(-1);
  if (!latest) return { year: '', half: '01' };
  const year = Number(latest.slice(0, 4));
  return latest.slice(5, 7) === '07' ? { year: String(year + 1), half: '01' } : { year: String(year), half: '07' };
}

/** The half-year rates late interest is computed with: the built-in table and those the organization added. */
export function RatesSettingsPage() {
  const { t } = useI18n();
  useDocumentTitle(t('setup.rates.title'));
  return <AdminSettingsPage title={t('setup.rates.title')}>{() => <RatesPanel />}</AdminSettingsPage>;
}

function RatesPanel() {
  const { t, locale } = useI18n();
  const policy = useApi<{ law: string }>('/api/settings/late-fees');
  const law = policy.data?.law ?? null;
  const rates = useApi<{ items: RateEntry[] }>(law ? `/api/late-fees/rates?law=${encodeURIComponent(law)}` : null);
  const [draft, setDraft] = useState<{ year: string; half: '01' | '07'; rate: string; source: string; replace: boolean } | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const action = useAction();
  const { errorOf } = useFieldErrors(action.failure);

  if (policy.state === 'failed') return <ErrorNotice error={policy.error} onRetry={policy.reload} />;
  if (rates.state === 'failed') return <ErrorNotice error={rates.error} onRetry={rates.reload} />;
  if (!law || !rates.data) return <Loading />;
  const items = [...rates.data.items].sort((a, b) => b.from.localeCompare(a.from));
  const form = draft ?? { ...nextHalfYear(items), rate: '', source: '', replace: false };
  const change = (patch: Partial<typeof form>) => {
    setDraft({ ...form, ...patch });
    setSaved(null);
  };
  const lawName = translateOptional(t, `lateFees.law.${law}`, law);
  const originOf = (entry: RateEntry) => {
    if (entry.origin === 'built_in') return t('setup.rates.builtIn');
    const values = { who: entry.added_by ?? '', date: formatDateInWords(entry.added_at?.slice(0, 10) ?? null, locale) };
    return t(entry.origin === 'replaced' ? 'setup.rates.replaced' : 'setup.rates.added', values);
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const from = `${form.year.trim()}-${form.half}-01`;
    const added = await action.run(() =>
      apiPost<RateEntry>('/api/late-fees/rates', { law, from, rate: form.rate.trim().replace(',', '.').replace(/\s*%$/, ''), source: form.source.trim(), replace: form.replace }),
    );
    if (added) {
      setSaved(t('setup.rates.saved', { period: periodLabel(t, added.from).toLowerCase() }));
      setDraft(null);
      rates.reload();
    }
  };
  const conflict = action.failure instanceof ApiError && action.failure.status === 409;

  return (
    <section className="panel" aria-labelledby="rates-heading">
      <h2 id="rates-heading" className="visually-hidden">
        {t('setup.rates.title')}
      </h2>
      <p className="field-help">{t('setup.rates.help', { law: lawName })}</p>
      {items.length === 0 ? (
        <p>{t('setup.rates.none')}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table" data-testid="rates-table">
            <thead>
              <tr>
                <th scope="col">{t('setup.rates.period')}</th>
                <th scope="col" className="num">
                  {t('setup.rates.rate')}
                </th>
                <th scope="col">{t('setup.rates.origin')}</th>
                <th scope="col">{t('setup.rates.source')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((entry) => (
                <tr key={entry.from}>
                  <th scope="row">{periodLabel(t, entry.from)}</th>
                  <td className="num">{formatNumber(Number(entry.rate), locale, 4)} %</td>
                  <td>{originOf(entry)}</td>
                  <td>{entry.source}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form className="settings-form" onSubmit={submit} data-testid="add-rate">
        <fieldset disabled={action.busy}>
          <legend>{t('setup.rates.add')}</legend>
          <FormField id="rate-year" label={t('setup.rates.year')} errors={conflict ? [] : errorOf('from')}>
            <input id="rate-year" inputMode="numeric" className="input-narrow" value={form.year} required onChange={(e) => change({ year: e.target.value })} />
          </FormField>
          <FormField id="rate-half" label={t('setup.rates.half')} errors={[]}>
            <select id="rate-half" value={form.half} onChange={(e) => change({ half: e.target.value as '01' | '07' })}>
              <option value="01">{t('setup.rates.firstHalf')}</option>
              <option value="07">{t('setup.rates.secondHalf')}</option>
            </select>
          </FormField>
          <FormField id="rate-percent" label={t('setup.rates.percent')} errors={errorOf('rate')}>
            <input id="rate-percent" inputMode="decimal" className="input-narrow" placeholder="12.15" value={form.rate} required onChange={(e) => change({ rate: e.target.value })} />
          </FormField>
          <FormField id="rate-source" label={t('setup.rates.source')} help={t('setup.rates.sourceHelp')} errors={errorOf('source')}>
            <input id="rate-source" value={form.source} required onChange={(e) => change({ source: e.target.value })} />
          </FormField>
          <label className="check">
            <input type="checkbox" checked={form.replace} onChange={(e) => change({ replace: e.target.checked })} />
            {t('setup.rates.replace')}
          </label>
        </fieldset>
        {conflict ? (
          <p className="notice notice-error" role="alert">
            {t('setup.error.replace')}
          </p>
        ) : (
          <FailureNotice failure={action.failure} />
        )}
        {saved ? <Saved text={saved} testId="rate-saved" /> : null}
        <button type="submit" className="button button-primary" disabled={action.busy}>
          {t('setup.rates.save')}
        </button>
      </form>
    </section>
  );
}
