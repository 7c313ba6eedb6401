import { useEffect, useState, type ChangeEvent, type FormEvent } from 'react';
import { apiDelete, apiPut } from '../api-client.js';
import { ErrorNotice } from '../components/status-message.js';
import { useI18n } from '../i18n.js';
import { useApi } from '../use-api.js';

/** `GET /api/settings/debtor-page`, as the API sends it. */
interface DebtorPageSettingsJson {
  payment_link_template: string | null;
  logo: { content_type: string; size_bytes: number; updated_at: string; data_url: string } | null;
}

/** What the customers' page shows of the organization: its logo and a payment link. Administrators change it. */
export function DebtorPageSettingsForm({ canEdit }: { canEdit: boolean }) {
  const { t } = useI18n();
  const settings = useApi<DebtorPageSettingsJson>('/api/settings/debtor-page');
  const [current, setCurrent] = useState<DebtorPageSettingsJson | null>(null);
  const [template, setTemplate] = useState('');
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<Error | null>(null);

  useEffect(() => {
    if (settings.data) {
      setCurrent(settings.data);
      setTemplate(settings.data.payment_link_template ?? '');
    }
  }, [settings.data]);

  const run = async (work: () => Promise<DebtorPageSettingsJson>, done: string) => {
    setBusy(true);
    setFailure(null);
    setNotice(null);
    try {
      const next = await work();
      setCurrent(next);
      setTemplate(next.payment_link_template ?? '');
      setNotice(done);
    } catch (error) {
      setFailure(error instanceof Error ? error : new Error(String(error)));
    } finally {
      setBusy(false);
    }
  };

  const chooseLogo = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (file) void run(() => apiPut<DebtorPageSettingsJson>('/api/settings/debtor-page/logo', file), t('debtorPageSettings.logoSaved'));
  };

  const saveTemplate = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void run(() => apiPut<DebtorPageSettingsJson>('/api/settings/debtor-page', { payment_link_template: template.trim() || null }), t('debtorPageSettings.saved'));
  };

  if (settings.state === 'failed') return <ErrorNotice error={settings.error} onRetry={settings.reload} />;
  if (!current) return null;
  return (
    <form className="panel settings-form" onSubmit={saveTemplate} data-testid="debtor-page-settings">
      <fieldset disabled={!canEdit || busy}>
        <legend>{t('debtorPageSettings.title')}</legend>
        <p className="field-help">{t('debtorPageSettings.help')}</p>
        <fieldset>
          <legend>{t('debtorPageSettings.logo')}</legend>
          {current.logo ? <img src={current.logo.data_url} alt={t('debtorPageSettings.logoAlt')} className="debtor-page-logo" height={48} /> : <p className="muted">{t('debtorPageSettings.logoNone')}</p>}
          <label className="field">
            <span>{t('debtorPageSettings.logoChoose')}</span>
            <input type="file" accept="image/png,image/jpeg,image/svg+xml" onChange={chooseLogo} aria-describedby="debtor-page-logo-help" />
          </label>
          <p className="field-help" id="debtor-page-logo-help">
            {t('debtorPageSettings.logoHelp')}
          </p>
          {current.logo && canEdit ? (
            <button type="button" className="button" onClick={() => void run(() => apiDelete<DebtorPageSettingsJson>('/api/settings/debtor-page/logo'), t('debtorPageSettings.logoRemoved'))}>
              {t('debtorPageSettings.logoRemove')}
            </button>
          ) : null}
        </fieldset>
        <label className="field">
          <span>{t('debtorPageSettings.paymentLink')}</span>
          <input
            type="text"
            inputMode="url"
            value={template}
            placeholder={t('debtorPageSettings.paymentLinkPlaceholder')}
            onChange={(event) => setTemplate(event.target.value)}
            aria-describedby="debtor-page-payment-link-help"
          />
        </label>
        <p className="field-help" id="debtor-page-payment-link-help">
          {t('debtorPageSettings.paymentLinkHelp')}
        </p>
      </fieldset>
      {failure ? <ErrorNotice error={failure} /> : null}
      {notice ? (
        <p className="notice notice-info" role="status">
          {notice}
        </p>
      ) : null}
      {canEdit ? (
        <button type="submit" className="button button-primary" disabled={busy}>
          {t('debtorPageSettings.save')}
        </button>
      ) : (
        <p className="field-help">{t('debtorPageSettings.adminOnly')}</p>
      )}
    </form>
  );
}
