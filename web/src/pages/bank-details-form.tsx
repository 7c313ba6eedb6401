import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, apiPut } from '../api-client.js';
import { ErrorNotice } from '../components/status-message.js';
import { FormField } from '../components/form-field.js';
import { useI18n } from '../i18n.js';
import { useApi } from '../use-api.js';

/** `GET /api/settings/bank-details`, as the API sends it. */
interface BankDetailsJson {
  iban: string | null;
  bic: string | null;
  account_holder: string | null;
  beneficiary: string | null;
}

interface BankDraft {
  iban: string;
  bic: string;
  accountHolder: string;
}

function draftOf(details: BankDetailsJson): BankDraft {
  return { iban: details.iban ?? '', bic: details.bic ?? '', accountHolder: details.account_holder ?? '' };
}

/**
 * The account customers pay into, as every reminder and statement prints it. Its own form,
 * saved on its own: only administrators change where the money goes.
 */
export function BankDetailsForm({ canEdit }: { canEdit: boolean }) {
  const { t } = useI18n();
  const details = useApi<BankDetailsJson>('/api/settings/bank-details');
  const [draft, setDraft] = useState<BankDraft | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [failure, setFailure] = useState<Error | null>(null);

  useEffect(() => {
    if (details.data) setDraft(draftOf(details.data));
  }, [details.data]);

  const change = (patch: Partial<BankDraft>) => {
    setDraft((current) => (current ? { ...current, ...patch } : current));
    setSaved(false);
  };
  const fieldErrors = failure instanceof ApiError ? (failure.problem.errors ?? []) : [];
  const errorOf = (field: string) => fieldErrors.filter((error) => error.field === field).map((error) => error.message);

  const save = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!draft) return;
    setSaving(true);
    setFailure(null);
    try {
      const next = await apiPut<BankDetailsJson>('/api/settings/bank-details', {
        iban: draft.iban.trim() || null,
        bic: draft.bic.trim() || null,
        account_holder: draft.accountHolder.trim() || null,
      });
      setDraft(draftOf(next));
      setSaved(true);
    } catch (error) {
      setFailure(error instanceof Error ? error : new Error(String(error)));
    } finally {
      setSaving(false);
    }
  };

  if (details.state === 'failed') return <ErrorNotice error={details.error} onRetry={details.reload} />;
  if (!draft) return null;
  const fields: { id: string; key: keyof BankDraft; field: string; label: string; placeholder?: string }[] = [
    { id: 'bank-iban', key: 'iban', field: 'iban', label: t('bank.iban'), placeholder: 'FR76 3000 6000 0112 3456 7890 189' },
    { id: 'bank-bic', key: 'bic', field: 'bic', label: t('bank.bic'), placeholder: 'AGRIFRPP' },
    { id: 'bank-holder', key: 'accountHolder', field: 'account_holder', label: t('bank.accountHolder'), placeholder: t('bank.accountHolderPlaceholder') },
  ];
  return (
    <form className="panel settings-form" onSubmit={save} data-testid="bank-details">
      <fieldset disabled={!canEdit || saving}>
        <legend>{t('bank.title')}</legend>
        <p className="field-help">{t('bank.help')}</p>
        {details.data && details.data.iban === null ? (
          <p className="notice notice-warning" role="status" data-testid="bank-missing">
            {t('bank.missing')}
          </p>
        ) : null}
        {fields.map(({ id, key, field, label, placeholder }) => (
          <FormField id={id} key={id} label={label} errors={errorOf(field)}>
            <input id={id} value={draft[key]} placeholder={placeholder} autoComplete="off" spellCheck={false} onChange={(e) => change({ [key]: e.target.value })} />
          </FormField>
        ))}
      </fieldset>
      {failure && fieldErrors.length === 0 ? <ErrorNotice error={failure} /> : null}
      {saved ? (
        <p className="notice notice-info" role="status" data-testid="bank-saved">
          {t('bank.saved')}
        </p>
      ) : null}
      {canEdit ? (
        <button type="submit" className="button button-primary" disabled={saving}>
          {t('bank.save')}
        </button>
      ) : (
        <p className="field-help">{t('bank.adminOnly')}</p>
      )}
    </form>
  );
}
