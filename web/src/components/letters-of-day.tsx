import { useState } from 'react';
import type { Problem } from '../api-types.js';
import { useI18n } from '../i18n.js';

/** Today on the reader's calendar, as YYYY-MM-DD: the day offered first. */
function todayOnThisComputer(): string {
  return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/**
 * The post room's PDF: every letter and registered letter that left on a day, one after the
 * other. Fetched rather than linked, so a day without letters says so here instead of
 * opening an error page.
 */
export function LettersOfDay() {
  const { t, language } = useI18n();
  const [day, setDay] = useState(todayOnThisComputer);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ kind: 'done' | 'error'; text: string } | null>(null);

  const download = async () => {
    setBusy(true);
    setResult(null);
    try {
      const response = await fetch(`/api/outbox/letters.pdf?date=${encodeURIComponent(day)}`, { credentials: 'same-origin' });
      if (!response.ok) {
        const problem = (await response.json().catch(() => ({}))) as Problem;
        setResult({ kind: 'error', text: problem.localized_detail?.[language] ?? t(response.status === 404 ? 'error.notFound' : 'error.server') });
        return;
      }
      const count = Number(response.headers.get('x-letter-count') ?? '0');
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement('a');
      link.href = url;
      link.download = `letters-${day}.pdf`;
      link.click();
      URL.revokeObjectURL(url);
      const form = new Intl.PluralRules(language).select(count) === 'one' ? 'one' : 'other';
      setResult({ kind: 'done', text: t(`outboxActions.lettersReady.${form}`, { count }) });
    } catch {
      setResult({ kind: 'error', text: t('error.network') });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel letters-of-day" aria-labelledby="letters-of-day-title" data-testid="letters-of-day">
      <h2 id="letters-of-day-title" className="subheading">
        {t('outboxActions.letters')}
      </h2>
      <p className="muted">{t('outboxActions.lettersHelp')}</p>
      <div className="inline-form">
        <label htmlFor="letters-day">{t('outboxActions.lettersDay')}</label>
        <input id="letters-day" type="date" value={day} onChange={(event) => setDay(event.target.value)} />
        <button type="button" className="button button-secondary button-small" disabled={busy || !day} onClick={() => void download()}>
          {t('outboxActions.lettersDownload')}
        </button>
      </div>
      {result ? (
        <p className={`notice ${result.kind === 'done' ? 'notice-info' : 'notice-error'}`} role={result.kind === 'done' ? 'status' : 'alert'}>
          {result.text}
        </p>
      ) : null}
    </section>
  );
}
