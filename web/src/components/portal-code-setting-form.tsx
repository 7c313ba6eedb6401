import { useEffect, useState, type FormEvent } from 'react';
import { apiPut } from '../api-client.js';
import type { MoneyJson } from '../api-types.js';
import { decimalFromTyped, formatMoney } from '../format.js';
import { useI18n } from '../i18n.js';
import { useApi } from '../use-api.js';
import { ErrorNotice } from './status-message.js';

/** `GET /api/settings/debtor-page-code`, as the API sends it. */
interface CodeSettingJson {
  code_above: MoneyJson | null;
  currency: string;
}

/**
 * Whether a customer's page first asks for a code mailed to the customer, and above which
 * balance. Administrators change it; others read it.
 */
export function PortalCodeSettingForm({ canEdit }: { canEdit: boolean }) {
  const { t, locale } = useI18n();
  const setting = useApi<CodeSettingJson>('/api/settings/debtor-page-code');
  const [current, setCurrent] = useState<CodeSettingJson | null>(null);
  const [on, setOn] = useState(false);
  const [amount, setAmount] = useState('');
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [failure, setFailure] = useState<Error | null>(null);

  const show = (next: CodeSettingJson) => {
    setCurrent(next);
    setOn(next.code_above !== null);
    setAmount(next.code_above?.amount ?? '');
  };
  useEffect(() => {
    if (setting.data) show(setting.data);
  }, [setting.data]);

  const save = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!current) return;
    setBusy(true);
    setSaved(false);
    setFailure(null);
    try {
      show(await apiPut<CodeSettingJson>('/api/settings/debtor-page-code', { code_above: on ? { amount: decimalFromTyped(amount), currency: current.currency } : null }));
      setSaved(true);
    } catch (error) {
      setFailure(error instanceof Error ? error : new Error(String(error)));
    } finally {
      setBusy(false);
    }
  };

  if (setting.state === 'failed') return <ErrorNotice error={setting.error} onRetry={setting.reload} />;
  if (!current) return null;
  return (
    <form className="panel settings-form" onSubmit={save} data-testid="portal-code-setting">
      <fieldset disabled={!canEdit || busy}>
        <legend>{t('portalCode.title')}</legend>
        <p className="field-help">{t('portalCode.help')}</p>
        <label className="field">
          <span>
            <input type="checkbox" checked={on} onChange={(event) => setOn(event.target.checked)} /> {t('portalCode.enabled')}
          </span>
        </label>
        {on ? (
          <label className="field">
            <span>{t('portalCode.above', { currency: current.currency })}</span>
            <input type="text" inputMode="decimal" value={amount} onChange={(event) => setAmount(event.target.value)} aria-describedby="portal-code-above-help" />
          </label>
        ) : null}
        {on ? (
          <p className="field-help" id="portal-code-above-help">
            {t('portalCode.aboveHelp')}
          </p>
        ) : null}
      </fieldset>
      {failure ? <ErrorNotice error={failure} /> : null}
      {saved ? (
        <p className="notice notice-info" role="status">
          {current.code_above ? t('portalCode.savedOn', { amount: formatMoney(current.code_above, locale) }) : t('portalCode.savedOff')}
        </p>
      ) : null}
      {canEdit ? (
        <button type="submit" className="button button-primary" disabled={busy}>
          {t('portalCode.save')}
        </button>
      ) : (
        <p className="field-help">{t('portalCode.adminOnly')}</p>
      )}
    </form>
  );
}
