import { ApiError } from '../api-client.js';
import { useI18n } from '../i18n.js';
import type { MessageKey } from '../messages.js';

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="status" role="status" aria-live="polite">
      {t('app.loading')}
    </p>
  );
}

function titleKey(error: Error): MessageKey {
  if (!(error instanceof ApiError)) return 'error.network';
  if (error.status === 404) return 'error.notFound';
  if (error.status === 403) return 'error.forbidden';
  if (error.status === 400 || error.status === 422) return 'error.invalid';
  if (error.status >= 500) return 'error.server';
  return 'app.errorTitle';
}

/**
 * An API failure in words: a title in the reader's language, then the server's own detail,
 * in the reader's language when the server gives it in theirs, else in English (hence the
 * lang attribute).
 */
export function ErrorNotice({ error, onRetry }: { error: Error; onRetry?: () => void }) {
  const { t, language } = useI18n();
  const localized = error instanceof ApiError ? error.problem.localized_detail?.[language] : undefined;
  const detail = localized ?? (error instanceof ApiError ? (error.problem.detail ?? error.problem.title) : error.message);
  // Retrying helps when the server or the network failed, not when the answer was a clear no.
  const retryable = !(error instanceof ApiError) || error.status >= 500;
  return (
    <div className="notice notice-error" role="alert">
      <p className="notice-title">{t(titleKey(error))}</p>
      {detail ? <p lang={localized ? language : 'en'}>{detail}</p> : null}
      {onRetry && retryable ? (
        <button type="button" className="button button-secondary" onClick={onRetry}>
          {t('app.retry')}
        </button>
      ) : null}
    </div>
  );
}
