import { useEffect, useState, type FormEvent } from 'react';
import { apiPost, apiPut } from '../../api-client.js';
import type { Session } from '../../api-types.js';
import { FormField } from '../../components/form-field.js';
import { ErrorNotice, Loading } from '../../components/status-message.js';
import { useI18n } from '../../i18n.js';
import { useApi } from '../../use-api.js';
import { useDocumentTitle } from '../../use-document-title.js';
import { AdminSettingsPage, FailureNotice, Saved, useAction, useFieldErrors } from './setup-common.js';

const SECURITIES = ['starttls', 'tls', 'none'] as const;
type Security = (typeof SECURITIES)[number];
type Source = 'organization' | 'environment' | 'none';

/** `GET /api/settings/channels`: every setting but the secrets, of which only whether one is on file. */
interface Channels {
  smtp_host: string | null;
  smtp_port: number | null;
  smtp_security: Security;
  smtp_user: string | null;
  smtp_from: string | null;
  password_set: boolean;
  sms_provider_url: string | null;
  token_set: boolean;
  email_source: Source;
  sms_source: Source;
}

/** `POST /api/settings/channels/test`. */
interface TestResult {
  delivered: boolean;
  recipient: string;
  message: { en: string; fr: string };
}

interface Draft {
  host: string;
  port: string;
  security: Security;
  user: string;
  password: string;
  removePassword: boolean;
  from: string;
  smsUrl: string;
  token: string;
  removeToken: boolean;
}

function draftOf(channels: Channels): Draft {
  return {
    host: channels.smtp_host ?? '',
    port: channels.smtp_port === null ? '' : String(channels.smtp_port),
    security: channels.smtp_security,
    user: channels.smtp_user ?? '',
    password: '',
    removePassword: false,
    from: channels.smtp_from ?? '',
    smsUrl: channels.sms_provider_url ?? '',
    token: '',
    removeToken: false,
  };
}

/** A port typed as a whole number goes as a number; anything else as typed, so the API names the field. */
function portOf(text: string): number | string | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  return /^\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
}

function bodyOf(draft: Draft) {
  return {
    smtp_host: draft.host.trim() || null,
    smtp_port: portOf(draft.port),
    smtp_security: draft.security,
    smtp_user: draft.user.trim() || null,
    // Empty keeps the secret on file; the box "remove" sends null.
    ...(draft.removePassword ? { smtp_password: null } : draft.password ? { smtp_password: draft.password } : {}),
    smtp_from: draft.from.trim() || null,
    sms_provider_url: draft.smsUrl.trim() || null,
    ...(draft.removeToken ? { sms_token: null } : draft.token ? { sms_token: draft.token } : {}),
  };
}

/** A write-only secret: never shown; typed anew to replace it, or ticked away to remove it. */
function SecretField(props: {
  id: string;
  label: string;
  errors: string[];
  saved: { help: string; remove: string } | null;
  value: string;
  removing: boolean;
  onChange(value: string, removing: boolean): void;
}) {
  const { id, label, errors, saved, value, removing, onChange } = props;
  return (
    <>
      <FormField id={id} label={label} errors={errors} {...(saved ? { help: saved.help } : {})}>
        <input id={id} type="password" autoComplete="new-password" value={value} disabled={removing} onChange={(e) => onChange(e.target.value, false)} />
      </FormField>
      {saved ? (
        <label className="check">
          <input type="checkbox" checked={removing} onChange={(e) => onChange('', e.target.checked)} />
          {saved.remove}
        </label>
      ) : null}
    </>
  );
}

/** The mail server and SMS provider reminders go through, with a test send for each. */
export function ChannelsSettingsPage() {
  const { t } = useI18n();
  useDocumentTitle(t('setup.channels.title'));
  return <AdminSettingsPage title={t('setup.channels.title')}>{(me) => <ChannelsForm me={me} />}</AdminSettingsPage>;
}

function ChannelsForm({ me }: { me: Session }) {
  const { t, language } = useI18n();
  const channels = useApi<Channels>('/api/settings/channels');
  const [draft, setDraft] = useState<Draft | null>(null);
  const [current, setCurrent] = useState<Channels | null>(null);
  const [saved, setSaved] = useState(false);
  const [phone, setPhone] = useState('');
  const [result, setResult] = useState<{ channel: 'email' | 'sms'; value: TestResult } | null>(null);
  const action = useAction();
  const test = useAction();
  const { errorOf } = useFieldErrors(action.failure);
  const testErrors = useFieldErrors(test.failure);

  useEffect(() => {
    if (channels.data) {
      setDraft(draftOf(channels.data));
      setCurrent(channels.data);
    }
  }, [channels.data]);

  if (channels.state === 'failed') return <ErrorNotice error={channels.error} onRetry={channels.reload} />;
  if (!draft || !current) return <Loading />;
  const change = (patch: Partial<Draft>) => {
    setDraft({ ...draft, ...patch });
    setSaved(false);
  };
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setResult(null);
    const next = await action.run(() => apiPut<Channels>('/api/settings/channels', bodyOf(draft)));
    if (next) {
      setDraft(draftOf(next));
      setCurrent(next);
      setSaved(true);
    }
  };
  const sendTest = async (channel: 'email' | 'sms') => {
    setResult(null);
    const answer = await test.run(() => apiPost<TestResult>('/api/settings/channels/test', channel === 'sms' ? { channel, phone: phone.trim() } : { channel }));
    if (answer) setResult({ channel, value: answer });
  };
  const resultFor = (channel: 'email' | 'sms') =>
    result?.channel === channel ? (
      <p className={`notice ${result.value.delivered ? 'notice-info' : 'notice-error'}`} role={result.value.delivered ? 'status' : 'alert'} data-testid={`${channel}-test-result`}>
        {result.value.message[language]}
      </p>
    ) : null;

  return (
    <>
      <form className="panel settings-form" onSubmit={save} data-testid="channels-form">
        <p className="field-help">{t('setup.channels.help')}</p>
        <fieldset disabled={action.busy}>
          <legend>{t('setup.channels.email')}</legend>
          <p className="notice notice-info" data-testid="email-source">
            {t(`setup.channels.source.${current.email_source}`)}
          </p>
          <FormField id="smtp-host" label={t('setup.channels.host')} errors={errorOf('smtp_host')}>
            <input id="smtp-host" value={draft.host} placeholder="smtp.example.com" autoComplete="off" spellCheck={false} onChange={(e) => change({ host: e.target.value })} />
          </FormField>
          <FormField id="smtp-port" label={t('setup.channels.port')} errors={errorOf('smtp_port')}>
            <input id="smtp-port" inputMode="numeric" className="input-narrow" value={draft.port} placeholder={draft.security === 'tls' ? '465' : '587'} onChange={(e) => change({ port: e.target.value })} />
          </FormField>
          <FormField id="smtp-security" label={t('setup.channels.security')} errors={errorOf('smtp_security')}>
            <select id="smtp-security" value={draft.security} onChange={(e) => change({ security: e.target.value as Security })}>
              {SECURITIES.map((security) => (
                <option key={security} value={security}>
                  {t(`setup.channels.security.${security}`)}
                </option>
              ))}
            </select>
          </FormField>
          <FormField id="smtp-user" label={t('setup.channels.user')} errors={errorOf('smtp_user')}>
            <input id="smtp-user" value={draft.user} autoComplete="off" spellCheck={false} onChange={(e) => change({ user: e.target.value })} />
          </FormField>
          <SecretField
            id="smtp-password"
            label={t('setup.channels.password')}
            errors={errorOf('smtp_password')}
            saved={current.password_set ? { help: t('setup.channels.passwordSet'), remove: t('setup.channels.passwordRemove') } : null}
            value={draft.password}
            removing={draft.removePassword}
            onChange={(password, removePassword) => change({ password, removePassword })}
          />
          <FormField id="smtp-from" label={t('setup.channels.from')} errors={errorOf('smtp_from')}>
            <input id="smtp-from" type="email" value={draft.from} onChange={(e) => change({ from: e.target.value })} />
          </FormField>
        </fieldset>
        <fieldset disabled={action.busy}>
          <legend>{t('setup.channels.sms')}</legend>
          <p className="notice notice-info" data-testid="sms-source">
            {t(`setup.channels.source.${current.sms_source}`)}
          </p>
          <FormField id="sms-url" label={t('setup.channels.smsUrl')} errors={errorOf('sms_provider_url')}>
            <input id="sms-url" type="url" value={draft.smsUrl} placeholder="https://" spellCheck={false} onChange={(e) => change({ smsUrl: e.target.value })} />
          </FormField>
          <SecretField
            id="sms-token"
            label={t('setup.channels.token')}
            errors={errorOf('sms_token')}
            saved={current.token_set ? { help: t('setup.channels.tokenSet'), remove: t('setup.channels.tokenRemove') } : null}
            value={draft.token}
            removing={draft.removeToken}
            onChange={(token, removeToken) => change({ token, removeToken })}
          />
        </fieldset>
        <FailureNotice failure={action.failure} />
        {saved ? <Saved text={t('setup.channels.saved')} testId="channels-saved" /> : null}
        <button type="submit" className="button button-primary" disabled={action.busy}>
          {action.busy ? t('setup.saving') : t('setup.channels.save')}
        </button>
      </form>
      <section className="panel settings-form" aria-label={t('setup.channels.testEmail')}>
        <p className="field-help">{t('setup.channels.testEmailHelp', { email: me.user.email })}</p>
        <button type="button" className="button button-secondary" disabled={test.busy} onClick={() => void sendTest('email')}>
          {t('setup.channels.testEmail')}
        </button>
        {test.busy ? (
          <p className="status" role="status">
            {t('setup.channels.testing')}
          </p>
        ) : null}
        {resultFor('email')}
        <FormField id="test-phone" label={t('setup.channels.testPhone')} errors={testErrors.errorOf('phone')}>
          <input id="test-phone" type="tel" value={phone} onChange={(e) => setPhone(e.target.value)} />
        </FormField>
        <button type="button" className="button button-secondary" disabled={test.busy} onClick={() => void sendTest('sms')}>
          {t('setup.channels.testSms')}
        </button>
        {resultFor('sms')}
        {testErrors.hasFieldErrors ? null : <FailureNotice failure={test.failure} />}
      </section>
    </>
  );
}
