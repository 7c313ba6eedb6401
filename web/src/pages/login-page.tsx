import { useState, type FormEvent } from 'react';
import { apiPost, ApiError } from '../api-client.js';
import type { Session } from '../api-types.js';
import { LanguageSwitch } from '../components/language-switch.js';
import { useI18n } from '../i18n.js';
import { LANGUAGES } from '../messages.js';
import { problemSentence } from '../spoken-codes.js';
import { useDocumentTitle } from '../use-document-title.js';

export function LoginPage({ onLoggedIn }: { onLoggedIn(session: Session): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [email, setEmail] = useState('');
  useDocumentTitle(t('login.submit'));
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onLoggedIn(await apiPost<Session>('/api/auth/login', { email, password }));
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 401) setError(t('login.badCredentials'));
      // A throttled sign-in (429) says in the reader's language how long to wait.
      else if (failure instanceof ApiError) setError(problemSentence(failure, i18n)?.text ?? t('error.invalid'));
      else setError(failure instanceof Error ? failure.message : String(failure));
      setBusy(false);
    }
  };

  return (
    <main id="main" className="login-page">
      <div className="login-card">
        <div className="login-top">
          <span className="brand-mark" aria-hidden="true">R</span>
          <LanguageSwitch languages={LANGUAGES} />
        </div>
        <h1>{t('login.title')}</h1>
        <p className="muted">{t('login.intro')}</p>
        <form onSubmit={submit}>
          {error ? (
            <div className="notice notice-error" role="alert" id="login-error">
              <p className="notice-title">{t('login.failed')}</p>
              <p>{error}</p>
            </div>
          ) : null}
          <div className="field">
            <label htmlFor="login-email">{t('login.email')}</label>
            <input
              id="login-email"
              name="email"
              type="email"
              autoComplete="username"
              required
              autoFocus
              value={email}
              onChange={(event) => setEmail(event.target.value)}
              aria-describedby={error ? 'login-error' : undefined}
            />
          </div>
          <div className="field">
            <label htmlFor="login-password">{t('login.password')}</label>
            <input
              id="login-password"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(event) => setPassword(event.target.value)}
            />
          </div>
          <button type="submit" className="button button-primary button-block" disabled={busy}>
            {busy ? t('login.submitting') : t('login.submit')}
          </button>
        </form>
      </div>
    </main>
  );
}
