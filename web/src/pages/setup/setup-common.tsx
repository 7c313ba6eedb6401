import '../../setup-pages.css';
import { useState, type ReactNode } from 'react';
import { ApiError } from '../../api-client.js';
import type { Session } from '../../api-types.js';
import { ErrorNotice, Loading } from '../../components/status-message.js';
import { translateOptional, useI18n } from '../../i18n.js';
import type { MessageKey } from '../../messages.js';
import { Link, useLocation } from '../../router.js';
import { useApi } from '../../use-api.js';

const SECTIONS = [
  { to: '/settings', label: 'setup.nav.collection' },
  { to: '/settings/organization', label: 'setup.nav.organization' },
  { to: '/settings/users', label: 'setup.nav.users' },
  { to: '/settings/assignment-rules', label: 'setup.nav.rules' },
  { to: '/settings/rates', label: 'setup.nav.rates' },
  { to: '/settings/channels', label: 'setup.nav.channels' },
] as const satisfies readonly { to: string; label: MessageKey }[];

/** The sections of the settings, for administrators: the other roles only have the collection settings. */
export function SettingsNav() {
  const { t } = useI18n();
  const { path } = useLocation();
  const me = useApi<Session>('/api/me');
  if (me.data?.user?.role !== 'admin') return null;
  const current = path.replace(/\/$/, '') || '/settings';
  return (
    <nav aria-label={t('setup.nav')} className="settings-nav">
      {SECTIONS.map((section) => (
        <Link key={section.to} to={section.to} aria-current={current === section.to ? 'page' : undefined}>
          {t(section.label)}
        </Link>
      ))}
    </nav>
  );
}

/** A settings page of administrators: its heading, the sections, and the page once the role is known to allow it. */
export function AdminSettingsPage({ title, children }: { title: string; children: (me: Session) => ReactNode }) {
  const { t } = useI18n();
  const me = useApi<Session>('/api/me');
  return (
    <main id="main" className="page">
      <div className="page-heading">
        <h1>{title}</h1>
      </div>
      <SettingsNav />
      {me.state === 'failed' ? <ErrorNotice error={me.error} onRetry={me.reload} /> : null}
      {!me.data ? <Loading /> : me.data.user.role === 'admin' ? children(me.data) : <p className="notice notice-info">{t('setup.adminOnly')}</p>}
    </main>
  );
}

/** A request started by a button or a form: whether it is under way, and how it failed. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Error | null>(null);
  const run = async <T,>(action: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setFailure(null);
    try {
      return await action();
    } catch (error) {
      setFailure(error instanceof Error ? error : new Error(String(error)));
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return { busy, failure, run, clear: () => setFailure(null) };
}

/** The fields the API named as wrong in a failure. */
export function failedFields(failure: Error | null): string[] {
  if (!(failure instanceof ApiError)) return [];
  const named = (failure.problem.errors ?? []).map((error) => error.field);
  return named.length > 0 ? named : [];
}

/**
 * One sentence per wrong field, from this area's catalogue (`setup.error.<field>`): the API's
 * own wording ("must match pattern…") is for integrators, not for the person at the form.
 */
export function useFieldErrors(failure: Error | null) {
  const { t } = useI18n();
  const fields = failedFields(failure);
  const errorOf = (field: string): string[] => (fields.some((name) => name === field || name.startsWith(`${field}.`)) ? [translateOptional(t, `setup.error.${field}`, t('setup.fixFields'))] : []);
  return { errorOf, hasFieldErrors: fields.length > 0 };
}

/** A failure not tied to a field, in words; a field failure is said under its field and summed up here. */
export function FailureNotice({ failure }: { failure: Error | null }) {
  const { t } = useI18n();
  if (!failure) return null;
  if (failedFields(failure).length > 0) {
    return (
      <p className="notice notice-error" role="alert">
        {t('setup.fixFields')}
      </p>
    );
  }
  return <ErrorNotice error={failure} />;
}

export function Saved({ text, testId }: { text: string; testId?: string }) {
  return (
    <p className="notice notice-info" role="status" data-testid={testId}>
      {text}
    </p>
  );
}

export const LOCALES = ['fr', 'en', 'nl', 'de'] as const;

/** The languages of the interface and of messages, as words; `value` may carry a region ("fr-BE"), which stays until another language is chosen. */
export function LanguageSelect({ id, value, onChange }: { id: string; value: string; onChange(locale: string): void }) {
  const { t } = useI18n();
  return (
    <select id={id} value={value.slice(0, 2)} onChange={(e) => onChange(e.target.value)}>
      {LOCALES.map((code) => (
        <option key={code} value={code}>
          {t(`setup.language.${code}`)}
        </option>
      ))}
    </select>
  );
}
