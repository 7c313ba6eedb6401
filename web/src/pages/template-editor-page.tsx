import { useEffect, useMemo, useRef, useState } from 'react';
import { apiPost } from '../api-client.js';
import type { Template, ToneHint } from '../collection-types.js';
import { ErrorNotice, Loading } from '../components/status-message.js';
import { useI18n } from '../i18n.js';
import { navigate, useLocation } from '../router.js';
import { useApi } from '../use-api.js';
import { useDocumentTitle } from '../use-document-title.js';

// Long enough not to ask the server at every key, short enough to feel live.
const CHECK_DELAY_MS = 300;

type Check = { state: 'idle' } | { state: 'checking'; hints: ToneHint[] } | { state: 'done'; hints: ToneHint[] } | { state: 'failed'; error: Error };

/** Where line:column (both from 1) falls in the text, to select the words a hint is about. */
function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  const lines = text.split('\n');
  for (let i = 0; i < line - 1 && i < lines.length; i++) offset += lines[i]!.length + 1;
  return offset + column - 1;
}

function useToneCheck(text: string | null, language: string, formal: boolean): Check {
  const [check, setCheck] = useState<Check>({ state: 'idle' });
  const latest = useRef(0);
  useEffect(() => {
    if (text === null) return;
    const ticket = ++latest.current;
    setCheck((previous) => ({ state: 'checking', hints: previous.state === 'done' || previous.state === 'checking' ? previous.hints : [] }));
    const timer = window.setTimeout(() => {
      apiPost<{ hints: ToneHint[] }>('/api/templates/tone-check', { text, language, formal }).then(
        (result) => {
          if (ticket === latest.current) setCheck({ state: 'done', hints: result.hints });
        },
        (error: unknown) => {
          if (ticket === latest.current) setCheck({ state: 'failed', error: error instanceof Error ? error : new Error(String(error)) });
        },
      );
    }, CHECK_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [text, language, formal]);
  return check;
}

export function TemplateEditorPage() {
  const { t, language: uiLanguage } = useI18n();
  useDocumentTitle(t('templates.title'));
  const { path, query } = useLocation();
  const templates = useApi<{ items: Template[] }>('/api/templates');
  const items = templates.data?.items ?? [];
  const wanted = query.get('template');
  const selected = items.find((item) => item.id === wanted) ?? items.find((item) => !item.partial && item.language === uiLanguage) ?? items[0] ?? null;

  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const text = selected ? (drafts[selected.id] ?? selected.text) : null;
  const check = useToneCheck(text, selected?.language ?? uiLanguage, selected?.formal ?? false);
  const editor = useRef<HTMLTextAreaElement>(null);

  const messages = useMemo(() => items.filter((item) => !item.partial), [items]);
  const partials = useMemo(() => items.filter((item) => item.partial), [items]);

  const showHint = (hint: ToneHint) => {
    const area = editor.current;
    if (!area || text === null) return;
    const start = offsetOf(text, hint.line, hint.column);
    area.focus();
    area.setSelectionRange(start, start + hint.text.length);
  };

  const hints = check.state === 'done' || check.state === 'checking' ? check.hints : [];
  return (
    <main id="main" className="page">
      <div className="page-heading">
        <div>
          <h1>{t('templates.title')}</h1>
          <p className="muted">{t('templates.intro')}</p>
        </div>
        {selected ? (
          <div className="heading-tools">
            <label htmlFor="template-pick">{t('templates.pick')}</label>
            <select id="template-pick" value={selected.id} onChange={(event) => navigate(`${path}?template=${encodeURIComponent(event.target.value)}`, { replace: true })}>
              {messages.map((item) => (
                <option key={item.id} value={item.id}>
                  {item.id}
                </option>
              ))}
              {partials.length > 0 ? (
                <optgroup label={t('templates.partials')}>
                  {partials.map((item) => (
                    <option key={item.id} value={item.id}>
                      {item.id}
                    </option>
                  ))}
                </optgroup>
              ) : null}
            </select>
          </div>
        ) : null}
      </div>
      {templates.state === 'failed' ? <ErrorNotice error={templates.error} onRetry={templates.reload} /> : null}
      {templates.state === 'loading' && !templates.data ? <Loading /> : null}
      {selected && text !== null ? (
        <div className="editor-grid">
          <section className="panel" aria-labelledby="template-text-label">
            <div className="panel-heading">
              <h2>
                <label id="template-text-label" htmlFor="template-text">
                  {t('templates.text')} — <span className="reference">{selected.id}</span>
                </label>
              </h2>
              <button
                type="button"
                className="button button-secondary button-small"
                disabled={drafts[selected.id] === undefined}
                onClick={() => setDrafts(({ [selected.id]: _, ...rest }) => rest)}
              >
                {t('templates.reset')}
              </button>
            </div>
            {selected.formal ? <p className="notice notice-info">{t('templates.formal')}</p> : null}
            <textarea
              id="template-text"
              ref={editor}
              className="template-text"
              lang={selected.language}
              spellCheck
              value={text}
              onChange={(event) => setDrafts((previous) => ({ ...previous, [selected.id]: event.target.value }))}
            />
          </section>
          <section className="panel" aria-labelledby="tone-hints-title">
            <h2 id="tone-hints-title">{t('templates.hints')}</h2>
            <div aria-live="polite">
              {check.state === 'failed' ? <ErrorNotice error={check.error} /> : null}
              {check.state === 'checking' && hints.length === 0 ? <p className="status">{t('templates.checking')}</p> : null}
              {check.state === 'done' && hints.length === 0 ? <p className="muted">{t('templates.noHints')}</p> : null}
              <ul className="tone-hints" data-testid="tone-hints">
                {hints.map((hint) => (
                  <li key={`${hint.line}:${hint.column}`} className={`tone-hint tone-${hint.category}`} data-testid="tone-hint" data-category={hint.category}>
                    <p>
                      <span className="badge badge-warning">{t(`tone.${hint.category}`)}</span>{' '}
                      <button type="button" className="link-button" onClick={() => showHint(hint)}>
                        {t('templates.position', { line: hint.line, column: hint.column })}
                      </button>
                    </p>
                    <p>
                      <q lang={selected.language}>{hint.text}</q>
                    </p>
                    <p className="muted">{hint.why[uiLanguage]}</p>
                    <p>
                      {t('templates.suggestion')} <span lang={selected.language}>{hint.suggestion}</span>
                    </p>
                  </li>
                ))}
              </ul>
            </div>
          </section>
        </div>
      ) : null}
    </main>
  );
}
