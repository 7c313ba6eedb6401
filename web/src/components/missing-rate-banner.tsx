import { useState, type FormEvent } from 'react';
import { ApiError, apiPost } from '../api-client.js';
import { translateOptional, useI18n, type Translate } from '../i18n.js';
import { fieldErrorSentence } from '../spoken-codes.js';
import { useApi } from '../use-api.js';
import { ErrorNotice } from './status-message.js';

/** GET /api/late-fees/current-rate */
interface CurrentRate {
  as_of: string;
  law: 'fr' | 'be' | 'de' | 'eu';
  half_year: string;
  from: string;
  on_file: boolean;
  rate: string | null;
  rule: string;
  sources: string[];
  claim_interest: boolean;
}

function halfYearLabel(t: Translate, halfYear: string): string {
  const [year, half] = halfYear.split('-H');
  return t(half === '1' ? 'rateBanner.firstHalf' : 'rateBanner.secondHalf', { year: year ?? '' });
}

/**
 * Shown to administrators while the half-year of today has no late-payment rate under the
 * organization's law: messages then state interest only up to the last half-year on file. It
 * says where the rate is published and adds it in place, after which it goes away.
 */
export function MissingRateBanner() {
  const i18n = useI18n();
  const { t } = i18n;
  const status = useApi<CurrentRate>('/api/late-fees/current-rate');
  const [rate, setRate] = useState('');
  const [source, setSource] = useState('');
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<Error | null>(null);
  const current = status.data;
  if (!current || current.on_file || !current.claim_interest) return null;

  const period = halfYearLabel(t, current.half_year);
  const fieldErrors = failure instanceof ApiError ? (failure.problem.errors ?? []) : [];
  const errorOf = (field: string) => fieldErrors.filter((error) => error.field === field).map((error) => fieldErrorSentence(error, i18n)).join(' ');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setFailure(null);
    try {
      // People write "12,15" as often as "12.15"; the API takes the dot.
      await apiPost('/api/late-fees/rates', { law: current.law, from: current.from, rate: rate.trim().replace(',', '.').replace(/\s*%$/, ''), source: source.trim() });
      status.reload();
    } catch (error) {
      setFailure(error instanceof Error ? error : new Error(String(error)));
    } finally {
      setSaving(false);
    }
  };

  return (
    <section className="notice notice-warning rate-banner" role="region" aria-labelledby="rate-banner-title" data-testid="missing-rate-banner">
      <p className="notice-title" id="rate-banner-title">
        {t('rateBanner.title', { period })}
      </p>
      <p>{t('rateBanner.consequence')}</p>
      <p>
        {t('rateBanner.rule', { law: translateOptional(t, `lateFees.law.${current.law}`, current.law), rule: translateOptional(t, `rateBanner.rule.${current.law}`, current.rule) })}{' '}
        {t('rateBanner.readFrom', { sources: translateOptional(t, `rateBanner.sources.${current.law}`, current.sources.join('; ')) })}
      </p>
      <form className="rate-banner-form" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="rate-banner-rate">{t('rateBanner.rateLabel', { period })}</label>
          <input id="rate-banner-rate" inputMode="decimal" value={rate} onChange={(event) => setRate(event.target.value)} placeholder="12.15" required />
          {errorOf('rate') ? <p className="field-error" data-testid="field-error">{errorOf('rate')}</p> : null}
        </div>
        <div className="field">
          <label htmlFor="rate-banner-source">{t('rateBanner.sourceLabel')}</label>
          <input id="rate-banner-source" value={source} onChange={(event) => setSource(event.target.value)} required />
          <p className="field-help">{t('rateBanner.sourceHelp')}</p>
          {errorOf('source') ? <p className="field-error" data-testid="field-error">{errorOf('source')}</p> : null}
        </div>
        {failure && fieldErrors.length === 0 ? <ErrorNotice error={failure} /> : null}
        <button type="submit" className="button button-primary" disabled={saving}>
          {t('rateBanner.add', { period })}
        </button>
      </form>
    </section>
  );
}
