import { useI18n } from '../i18n.js';
import type { Language } from '../messages.js';

/** Two toggle buttons (EN / FR); the pressed one is the language in use. */
export function LanguageSwitch({ languages }: { languages: readonly Language[] }) {
  const { t, language, setLanguage } = useI18n();
  return (
    <div className="language-switch" role="group" aria-label={t('header.language')}>
      {languages.map((code) => (
        <button
          key={code}
          type="button"
          lang={code}
          aria-pressed={code === language}
          title={t(`language.${code}`)}
          onClick={() => setLanguage(code)}
        >
          {code.toUpperCase()}
        </button>
      ))}
    </div>
  );
}
