import { useState, type FormEvent } from 'react';
import { ApiError, apiDelete, apiPost } from '../api-client.js';
import { ErrorNotice } from '../components/status-message.js';
import { FormField } from '../components/form-field.js';
import { useI18n } from '../i18n.js';
import type { MessageKey } from '../messages.js';
import { useApi } from '../use-api.js';

/** `GET /api/bank-accounts`, as the API sends it. */
interface BankAccountJson {
  id: string;
  iban: string;
  iban_display: string;
  bic: string | null;
  currency: string;
  label: string;
  printed: boolean;
}

const EMPTY = { iban: '', bic: '', currency: '', label: '' };
type Draft = typeof EMPTY;
const FIELDS = ['iban', 'bic', 'currency', 'label'] as const;

/** The sentence for a refused field: the API's own words are for developers. */
const FIELD_ERRORS: Record<(typeof FIELDS)[number], MessageKey> = {
  iban: 'bankAccounts.error.iban',
  bic: 'bankAccounts.error.bic',
  currency: 'bankAccounts.error.currency',
  label: 'bankAccounts.error.label',
};

/**
 * The organization's bank accounts: statements of these can be imported, and the first is the
 * one customers are asked to pay into. Administrators add and remove them.
 */
export function BankAccountsSection({ canEdit }: { canEdit: boolean }) {
  const { t } = useI18n();
  const accounts = useApi<{ items: BankAccountJson[] }>('/api/bank-accounts');
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Error | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const problem = failure instanceof ApiError ? failure : null;
  const refused = new Set((problem?.problem.errors ?? []).map((error) => error.field));
  const duplicate = problem?.status === 409;
  const errorsOf = (field: (typeof FIELDS)[number]) => (field === 'iban' && duplicate ? [t('bankAccounts.error.duplicate')] : refused.has(field) ? [t(FIELD_ERRORS[field])] : []);
  const shownInFields = refused.size > 0 || duplicate;

  const add = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    setDone(null);
    try {
      const added = await apiPost<BankAccountJson>('/api/bank-accounts', {
        iban: draft.iban,
        bic: draft.bic.trim() || null,
        currency: draft.currency.trim() || null,
        label: draft.label.trim() || null,
      });
      setDraft(EMPTY);
      setDone(t('bankAccounts.added', { iban: added.iban_display }));
      accounts.reload();
    } catch (error) {
      setFailure(error instanceof Error ? error : new Error(String(error)));
    } finally {
      setBusy(false);
    }
  };

  const remove = async (account: BankAccountJson) => {
    setBusy(true);
    setFailure(null);
    setDone(null);
    try {
      await apiDelete(`/api/bank-accounts/${encodeURIComponent(account.id)}`);
      setDone(t('bankAccounts.removed', { iban: account.iban_display }));
      accounts.reload();
    } catch (error) {
      setFailure(error instanceof Error ? error : new Error(String(error)));
    } finally {
      setBusy(false);
    }
  };

  if (accounts.state === 'failed') return <ErrorNotice error={accounts.error} onRetry={accounts.reload} />;
  const list = accounts.data?.items ?? [];
  return (
    <section className="panel settings-form" aria-labelledby="bank-accounts-title" data-testid="bank-accounts">
      <h2 id="bank-accounts-title">{t('bankAccounts.title')}</h2>
      <p className="field-help">{t('bankAccounts.help')}</p>
      {accounts.data && list.length === 0 ? <p className="notice notice-warning">{t('bankAccounts.none')}</p> : null}
      {list.length > 0 ? (
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('bankAccounts.label')}</th>
                <th scope="col">{t('bankAccounts.iban')}</th>
                <th scope="col">{t('bankAccounts.bic')}</th>
                <th scope="col">{t('bankAccounts.currency')}</th>
                <th scope="col">{t('bankAccounts.printed')}</th>
                {canEdit ? <th scope="col">{t('bankAccounts.actions')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {list.map((account) => (
                <tr key={account.id}>
                  <td>{account.label}</td>
                  <td>{account.iban_display}</td>
                  <td>{account.bic ?? '—'}</td>
                  <td>{account.currency}</td>
                  <td>{account.printed ? '✓' : ''}</td>
                  {canEdit ? (
                    <td>
                      <button type="button" className="button button-secondary" disabled={busy} onClick={() => void remove(account)}>
                        {t('bankAccounts.remove', { iban: account.iban_display })}
                      </button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {done ? (
        <p className="notice notice-info" role="status" data-testid="bank-accounts-done">
          {done}
        </p>
      ) : null}
      {failure && !shownInFields ? <ErrorNotice error={failure} /> : null}
      {canEdit ? (
        <form onSubmit={add} data-testid="bank-account-add">
          <fieldset disabled={busy}>
            <legend>{t('bankAccounts.addTitle')}</legend>
            <FormField id="bank-account-iban" label={t('bankAccounts.iban')} errors={errorsOf('iban')}>
              <input id="bank-account-iban" required value={draft.iban} placeholder="BE68 5390 0754 7034" autoComplete="off" spellCheck={false} onChange={(e) => setDraft({ ...draft, iban: e.target.value })} />
            </FormField>
            <FormField id="bank-account-bic" label={t('bankAccounts.bic')} errors={errorsOf('bic')}>
              <input id="bank-account-bic" value={draft.bic} placeholder="GKCCBEBB" autoComplete="off" spellCheck={false} onChange={(e) => setDraft({ ...draft, bic: e.target.value })} />
            </FormField>
            <FormField id="bank-account-currency" label={t('bankAccounts.currency')} help={t('bankAccounts.currencyDefault')} errors={errorsOf('currency')}>
              <input id="bank-account-currency" value={draft.currency} placeholder="EUR" maxLength={3} autoComplete="off" onChange={(e) => setDraft({ ...draft, currency: e.target.value })} />
            </FormField>
            <FormField id="bank-account-label" label={t('bankAccounts.label')} errors={errorsOf('label')}>
              <input id="bank-account-label" value={draft.label} placeholder={t('bankAccounts.labelPlaceholder')} maxLength={60} onChange={(e) => setDraft({ ...draft, label: e.target.value })} />
            </FormField>
          </fieldset>
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? t('bankAccounts.adding') : t('bankAccounts.add')}
          </button>
        </form>
      ) : (
        <p className="field-help">{t('bankAccounts.adminOnly')}</p>
      )}
    </section>
  );
}
