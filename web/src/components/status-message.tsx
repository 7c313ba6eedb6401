import { ApiError } from '../api-client.js';
import { useI18n } from '../i18n.js';
import type { MessageKey } from '../messages.js';
import { problemSentence } from '../spoken-codes.js';

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
 * An API failure in words: a title in the reader's language, then what went wrong as a
 * sentence (spoken-codes.ts): the server's words in the reader's language, field and template
 * errors in words, else the server's English detail to an English reader (hence `lang`).
 */
export function ErrorNotice({ error, onRetry }: { error: Error; onRetry?: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const sentence = problemSentence(error, i18n);
  // Retrying helps when the server or the network failed, not when the answer was a clear no.
  const retryable = !(error instanceof ApiError) || error.status >= 500;
  return (
    <div className="notice notice-error" role="alert">
      <p className="notice-title">{t(titleKey(error))}</p>
      {sentence ? <p lang={sentence.lang}>{sentence.text}</p> : null}
      {onRetry && retryable ? (
        <button type="button" className="button button-secondary" onClick={onRetry}>
          {t('app.retry')}
        </button>
      ) : null}
    </div>
  );
}
