import { useEffect, useState, type FormEvent } from 'react';
import { apiPut } from '../api-client.js';
import { ErrorNotice } from '../components/status-message.js';
import { useI18n } from '../i18n.js';
import { useApi } from '../use-api.js';

type Scheme = 'structured_communication' | 'creditor_reference';

/** `GET /api/settings/payment-references`, as the API sends it. */
interface PaymentReferencesJson {
  scheme: Scheme;
  chosen: boolean;
  country_default: Scheme;
}

const SCHEMES: readonly Scheme[] = ['structured_communication', 'creditor_reference'];

/** How invoices' payment references are written: saved on its own, by administrators, like the bank details. */
export function PaymentReferenceForm({ canEdit }: { canEdit: boolean }) {
  const { t } = useI18n();
  const settings = useApi<PaymentReferencesJson>('/api/settings/payment-references');
  const [scheme, setScheme] = useState<Scheme | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [failure, setFailure] = useState<Error | null>(null);

  useEffect(() => {
    if (settings.data) setScheme(settings.data.scheme);
  }, [settings.data]);

  const save = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!scheme) return;
    setSaving(true);
    setFailure(null);
    try {
      const next = await apiPut<PaymentReferencesJson>('/api/settings/payment-references', { scheme });
      setScheme(next.scheme);
      setSaved(true);
    } catch (error) {
      setFailure(error instanceof Error ? error : new Error(String(error)));
    } finally {
      setSaving(false);
    }
  };

  if (settings.state === 'failed') return <ErrorNotice error={settings.error} onRetry={settings.reload} />;
  if (!scheme || !settings.data) return null;
  const countryDefault = settings.data.country_default;
  return (
    <form className="panel settings-form" onSubmit={save} data-testid="payment-references">
      <fieldset disabled={!canEdit || saving}>
        <legend>{t('paymentReferences.title')}</legend>
        <p className="field-help">{t('paymentReferences.help')}</p>
        <fieldset>
          <legend>{t('paymentReferences.scheme')}</legend>
          {SCHEMES.map((option) => (
            <label key={option} className="check">
              <input
                type="radio"
                name="payment-reference-scheme"
                value={option}
                checked={scheme === option}
                onChange={() => {
                  setScheme(option);
                  setSaved(false);
                }}
              />{' '}
              {t(`paymentReferences.scheme.${option}`)}
              {option === countryDefault ? <span className="muted"> ({t('paymentReferences.countryDefault')})</span> : null}
            </label>
          ))}
        </fieldset>
        <p className="field-help">{t('paymentReferences.appliesFromNow')}</p>
      </fieldset>
      {failure ? <ErrorNotice error={failure} /> : null}
      {saved ? (
        <p className="notice notice-info" role="status" data-testid="payment-references-saved">
          {t('paymentReferences.saved')}
        </p>
      ) : null}
      {canEdit ? (
        <button type="submit" className="button button-primary" disabled={saving}>
          {t('paymentReferences.save')}
        </button>
      ) : (
        <p className="field-help">{t('paymentReferences.adminOnly')}</p>
      )}
    </form>
  );
}
