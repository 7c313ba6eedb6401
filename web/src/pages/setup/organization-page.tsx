import { useEffect, useState, type FormEvent } from 'react';
import { apiPut } from '../../api-client.js';
import { FormField } from '../../components/form-field.js';
import { ErrorNotice, Loading } from '../../components/status-message.js';
import { useI18n } from '../../i18n.js';
import { useApi } from '../../use-api.js';
import { useDocumentTitle } from '../../use-document-title.js';
import { BankDetailsForm } from '../bank-details-form.js';
import { AdminSettingsPage, FailureNotice, LanguageSelect, Saved, useAction, useFieldErrors } from './setup-common.js';

/** `GET /api/settings/organization`. */
interface Identity {
  name: string;
  legal_name: string;
  address: string | null;
  registration_id: string | null;
  vat_id: string | null;
  country: string;
  currency: string;
  time_zone: string;
  locale: string;
}

type Draft = { name: string; legal_name: string; address: string; registration_id: string; vat_id: string; locale: string };

function draftOf(identity: Identity): Draft {
  return { name: identity.name, legal_name: identity.legal_name, address: identity.address ?? '', registration_id: identity.registration_id ?? '', vat_id: identity.vat_id ?? '', locale: identity.locale };
}

/** The organization's identity, as letters and statements print it, and the account customers pay into. */
export function OrganizationSettingsPage() {
  const { t } = useI18n();
  useDocumentTitle(t('setup.organization.title'));
  return (
    <AdminSettingsPage title={t('setup.organization.title')}>
      {() => (
        <>
          <IdentityForm />
          <BankDetailsForm canEdit />
        </>
      )}
    </AdminSettingsPage>
  );
}

function IdentityForm() {
  const { t } = useI18n();
  const identity = useApi<Identity>('/api/settings/organization');
  const [draft, setDraft] = useState<Draft | null>(null);
  const [saved, setSaved] = useState(false);
  const action = useAction();
  const { errorOf } = useFieldErrors(action.failure);

  useEffect(() => {
    if (identity.data) setDraft(draftOf(identity.data));
  }, [identity.data]);

  if (identity.state === 'failed') return <ErrorNotice error={identity.error} onRetry={identity.reload} />;
  if (!draft || !identity.data) return <Loading />;
  const change = (patch: Partial<Draft>) => {
    setDraft({ ...draft, ...patch });
    setSaved(false);
  };
  const save = async (event: FormEvent) => {
    event.preventDefault();
    const next = await action.run(() =>
      apiPut<Identity>('/api/settings/organization', {
        name: draft.name,
        legal_name: draft.legal_name,
        address: draft.address.trim() || null,
        registration_id: draft.registration_id.trim() || null,
        vat_id: draft.vat_id.trim() || null,
        locale: draft.locale,
      }),
    );
    if (next) {
      setDraft(draftOf(next));
      setSaved(true);
    }
  };
  const text = (id: string, key: 'name' | 'legal_name' | 'registration_id' | 'vat_id', label: string, help?: string) => (
    <FormField id={id} label={label} errors={errorOf(key)} {...(help ? { help } : {})}>
      <input id={id} value={draft[key]} onChange={(e) => change({ [key]: e.target.value })} />
    </FormField>
  );
  return (
    <form className="panel settings-form" onSubmit={save} data-testid="organization-identity">
      <fieldset disabled={action.busy}>
        <legend>{t('setup.organization.identity')}</legend>
        <p className="field-help">{t('setup.organization.help')}</p>
        {text('org-name', 'name', t('setup.organization.name'), t('setup.organization.nameHelp'))}
        {text('org-legal-name', 'legal_name', t('setup.organization.legalName'))}
        <FormField id="org-address" label={t('setup.organization.address')} errors={errorOf('address')}>
          <textarea id="org-address" rows={3} value={draft.address} onChange={(e) => change({ address: e.target.value })} />
        </FormField>
        {text('org-registration', 'registration_id', t('setup.organization.registrationId'))}
        {text('org-vat', 'vat_id', t('setup.organization.vatId'))}
        <FormField id="org-locale" label={t('setup.organization.locale')} help={t('setup.organization.localeHelp')} errors={errorOf('locale')}>
          <LanguageSelect id="org-locale" value={draft.locale} onChange={(locale) => change({ locale })} />
        </FormField>
        <p className="field-help">{t('setup.organization.fixed', { country: identity.data.country, currency: identity.data.currency, zone: identity.data.time_zone })}</p>
      </fieldset>
      <FailureNotice failure={action.failure} />
      {saved ? <Saved text={t('setup.organization.saved')} testId="organization-saved" /> : null}
      <button type="submit" className="button button-primary" disabled={action.busy}>
        {action.busy ? t('setup.saving') : t('setup.organization.save')}
      </button>
    </form>
  );
}
