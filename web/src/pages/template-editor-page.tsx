import '../template-editor.css';
import { useEffect, useMemo, useRef, useState } from 'react';
import { apiDelete, apiPost, apiPut, withQuery } from '../api-client.js';
import type { CustomerSummary, MoneyJson, Page, Session } from '../api-types.js';
import type { Template, ToneHint } from '../collection-types.js';
import { ErrorNotice, Loading } from '../components/status-message.js';
import { formatDateInWords, formatMoney } from '../format.js';
import { formatTimestamp } from '../format-timestamp.js';
import { translateOptional, useI18n, type Translate } from '../i18n.js';
import { codeInWords, statusLabel } from '../spoken-codes.js';
import { navigate, useLocation } from '../router.js';
import { useApi } from '../use-api.js';
import { useDocumentTitle } from '../use-document-title.js';

// Long enough not to ask the server at every key, short enough to feel live.
const CHECK_DELAY_MS = 300;
// Rendering reads the customer's ledger: a little more patience than the tone check.
const PREVIEW_DELAY_MS = 400;

type Check = { state: 'idle' } | { state: 'checking'; hints: ToneHint[] } | { state: 'done'; hints: ToneHint[] } | { state: 'failed'; error: Error };

interface Preview {
  as_of: string;
  customer: { id: string; reference: string; name: string };
  scenario_id: string | null;
  step: { id: string; channel: string } | null;
  invoices: { number: string }[];
  balance: MoneyJson;
  nothing_to_remind: boolean;
  variables: TemplateVariable[];
  subject: string | null;
  text: string | null;
  html: string | null;
}

/** A variable the text can use, with its value for the preview's customer (src/core/templates/template-variables.ts). */
interface TemplateVariable {
  name: string;
  kind: string;
  insert: string;
  example: string;
}

type PreviewState =
  | { state: 'idle' }
  | { state: 'loading'; preview: Preview | null }
  | { state: 'done'; preview: Preview }
  | { state: 'failed'; error: Error; preview: Preview | null };

type SaveState = { state: 'idle' } | { state: 'busy' } | { state: 'saved' } | { state: 'reverted' } | { state: 'failed'; error: Error };

/**
 * The frame inherits the app's Content-Security-Policy, which refuses inline styles: the
 * browser would drop them anyway and report each one as an error, so they are left out of the
 * preview. The message itself keeps them.
 */
function withoutInlineStyles(html: string): string {
  return html.replace(/\sstyle\s*=\s*("[^"]*"|'[^']*')/gi, '').replace(/<style\b[^>]*>[\s\S]*?<\/style>/gi, '');
}

/** "Firm reminder — Français": a template in words, its file name aside. */
function templateOptionName(item: Template, t: Translate): string {
  const name = translateOptional(t, `templateName.${item.template}`, codeInWords(item.template.replace(/^_/, '')));
  return t('templates.optionName', { name, language: statusLabel('language', item.language, t) });
}

const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));

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
          if (ticket === latest.current) setCheck({ state: 'failed', error: asError(error) });
        },
      );
    }, CHECK_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [text, language, formal]);
  return check;
}

/** The text rendered with a real customer's figures, asked again a moment after each change. */
function usePreview(text: string | null, language: string, template: string, customerId: string | null): PreviewState {
  const [preview, setPreview] = useState<PreviewState>({ state: 'idle' });
  const latest = useRef(0);
  useEffect(() => {
    if (text === null || customerId === null) {
      setPreview({ state: 'idle' });
      return;
    }
    const ticket = ++latest.current;
    setPreview((previous) => ({ state: 'loading', preview: previous.state === 'idle' ? null : previous.preview }));
    const timer = window.setTimeout(() => {
      apiPost<Preview>('/api/templates/preview', { text, language, template, customer_id: customerId }).then(
        (result) => {
          if (ticket === latest.current) setPreview({ state: 'done', preview: result });
        },
        (error: unknown) => {
          if (ticket === latest.current) setPreview((previous) => ({ state: 'failed', error: asError(error), preview: previous.state === 'idle' ? null : previous.preview }));
        },
      );
    }, PREVIEW_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [text, language, template, customerId]);
  return preview;
}

/** Finds a customer by name or reference through the customer list's own search. */
function CustomerPicker({ onPick }: { onPick(customer: CustomerSummary): void }) {
  const { t } = useI18n();
  const [search, setSearch] = useState('');
  const [wanted, setWanted] = useState('');
  useEffect(() => {
    const timer = window.setTimeout(() => setWanted(search.trim()), CHECK_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [search]);
  const results = useApi<Page<CustomerSummary>>(wanted ? withQuery('/api/customers', { search: wanted, sort: 'name', limit: 8 }) : null);
  const items = wanted && results.state === 'ready' ? results.data.items : [];
  return (
    <div className="field">
      <label htmlFor="preview-customer">{t('templates.previewCustomer')}</label>
      <input id="preview-customer" type="search" autoComplete="off" placeholder={t('templates.previewSearch')} value={search} onChange={(event) => setSearch(event.target.value)} />
      {wanted && results.state === 'ready' && items.length === 0 ? <p className="muted">{t('templates.previewNoMatch')}</p> : null}
      {items.length > 0 ? (
        <ul className="customer-results" aria-label={t('templates.previewCustomer')}>
          {items.map((customer) => (
            <li key={customer.id}>
              <button
                type="button"
                onClick={() => {
                  onPick(customer);
                  setSearch('');
                  setWanted('');
                }}
              >
                <span>{customer.name}</span>
                <span className="reference muted">{customer.reference}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function PreviewPanel({ state, language }: { state: PreviewState; language: string }) {
  const { t, locale } = useI18n();
  const preview = state.state === 'idle' ? null : state.preview;
  const stale = state.state === 'failed' || state.state === 'loading';
  return (
    <div aria-live="polite">
      {state.state === 'idle' ? <p className="muted">{t('templates.previewPick')}</p> : null}
      {state.state === 'loading' && !preview ? <p className="status">{t('templates.previewUpdating')}</p> : null}
      {state.state === 'failed' ? <ErrorNotice error={state.error} /> : null}
      {preview ? (
        <div className={state.state === 'failed' ? 'preview-stale' : undefined} data-testid="template-preview" aria-busy={stale}>
          <p className="muted" data-testid="preview-customer">
            {t('templates.previewOn', { name: preview.customer.name, reference: preview.customer.reference, date: formatDateInWords(preview.as_of, locale) })}
          </p>
          {preview.nothing_to_remind ? (
            <p className="notice notice-info" data-testid="preview-nothing">
              {t(preview.text === null && preview.subject === null ? 'templates.nothingToRemind' : 'templates.nothingToRemindShown', { name: preview.customer.name })}
            </p>
          ) : (
            <p className="muted">
              {preview.step
                ? t('templates.previewStep', { step: preview.step.id, amount: formatMoney(preview.balance, locale) })
                : t('templates.previewNoStep', { amount: formatMoney(preview.balance, locale) })}
            </p>
          )}
          {preview.nothing_to_remind && preview.text === null && preview.subject === null ? null : (
          <>
          <h3>{t('templates.subject')}</h3>
          <p className="preview-subject" lang={language} data-testid="preview-subject">
            {preview.subject ?? <span className="muted">{t('templates.noSection')}</span>}
          </p>
          <h3>{t('templates.plainText')}</h3>
          {preview.text !== null ? (
            <pre className="message-text" lang={language} data-testid="preview-text">
              {preview.text}
            </pre>
          ) : (
            <p className="muted">{t('templates.noSection')}</p>
          )}
          <h3>{t('templates.htmlVersion')}</h3>
          {preview.html !== null ? (
            // No permission at all: the message's markup cannot run scripts, submit forms or reach the app.
            <iframe className="preview-html" title={t('templates.htmlVersion')} sandbox="" srcDoc={withoutInlineStyles(preview.html)} />
          ) : (
            <p className="muted">{t('templates.noSection')}</p>
          )}
          </>
          )}
        </div>
      ) : null}
    </div>
  );
}

/**
 * The variables a text can use, each with what it means and its value for the preview's
 * customer; a click inserts it where the cursor is in the text.
 */
function VariablePicker({ variables, onInsert }: { variables: TemplateVariable[]; onInsert(code: string): void }) {
  const { t } = useI18n();
  return (
    <section className="panel" aria-labelledby="template-variables-title">
      <h2 id="template-variables-title">{t('templates.variables')}</h2>
      <p className="muted">{t('templates.variablesIntro')}</p>
      <ul className="variable-list" data-testid="template-variables">
        {variables.map((variable) => (
          <li key={variable.name}>
            <button type="button" className="variable-button" onClick={() => onInsert(variable.insert)} aria-describedby={`variable-${variable.name.replace(/\W/g, '-')}`}>
              <code>{variable.insert}</code>
            </button>
            <span id={`variable-${variable.name.replace(/\W/g, '-')}`} className="variable-meaning">
              {translateOptional(t, `templates.variable.${variable.name}`, '')}
              <span className="muted variable-example">
                {variable.example ? t('templates.variableExample', { value: variable.example }) : t('templates.variableNoExample')}
              </span>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function TemplateEditorPage() {
  const { t, language: uiLanguage, locale } = useI18n();
  useDocumentTitle(t('templates.title'));
  const { path, query } = useLocation();
  const me = useApi<Session>('/api/me');
  const isAdmin = me.data?.user?.role === 'admin';
  const templates = useApi<{ items: Template[] }>('/api/templates');
  // What this page saved or reverted, shown at once without reading the whole list again.
  const [changed, setChanged] = useState<Record<string, Template>>({});
  const items = useMemo(() => (templates.data?.items ?? []).map((item) => changed[item.id] ?? item), [templates.data, changed]);
  const wanted = query.get('template');
  const selected = items.find((item) => item.id === wanted) ?? items.find((item) => !item.partial && item.language === uiLanguage) ?? items[0] ?? null;

  // The preview customer: the one picked, else the one with the most overdue.
  const pickedCustomer = query.get('customer');
  const mostOverdue = useApi<Page<CustomerSummary>>(pickedCustomer ? null : '/api/customers?sort=overdue&order=desc&limit=1');
  const customerId = pickedCustomer ?? (mostOverdue.state === 'ready' ? (mostOverdue.data.items[0]?.id ?? null) : null);

  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const inEffect = selected ? (selected.override?.text ?? selected.text) : null;
  const text = selected ? (drafts[selected.id] ?? inEffect) : null;
  const check = useToneCheck(text, selected?.language ?? uiLanguage, selected?.formal ?? false);
  const preview = usePreview(selected && !selected.partial ? text : null, selected?.language ?? uiLanguage, selected?.template ?? '', customerId);
  const editor = useRef<HTMLTextAreaElement>(null);
  const [save, setSave] = useState<SaveState>({ state: 'idle' });
  useEffect(() => setSave({ state: 'idle' }), [selected?.id]);

  const messages = useMemo(() => items.filter((item) => !item.partial), [items]);
  const partials = useMemo(() => items.filter((item) => item.partial), [items]);

  const go = (template: string | undefined, customer: string | null) => navigate(withQuery(path, { template, customer }), { replace: true });

  const showHint = (hint: ToneHint) => {
    const area = editor.current;
    if (!area || text === null) return;
    const start = offsetOf(text, hint.line, hint.column);
    area.focus();
    area.setSelectionRange(start, start + hint.text.length);
  };

  const dropDraft = (id: string) => setDrafts(({ [id]: _, ...rest }) => rest);

  const saveText = async () => {
    if (!selected || text === null) return;
    setSave({ state: 'busy' });
    try {
      const saved = await apiPut<Template>(`/api/templates/${encodeURIComponent(selected.template)}/${selected.language}`, { text });
      setChanged((previous) => ({ ...previous, [selected.id]: saved }));
      dropDraft(selected.id);
      setSave({ state: 'saved' });
    } catch (error) {
      setSave({ state: 'failed', error: asError(error) });
    }
  };

  const revert = async () => {
    if (!selected || !window.confirm(t('templates.revertConfirm'))) return;
    setSave({ state: 'busy' });
    try {
      await apiDelete(`/api/templates/${encodeURIComponent(selected.template)}/${selected.language}`);
      setChanged((previous) => ({ ...previous, [selected.id]: { ...selected, override: null } }));
      dropDraft(selected.id);
      setSave({ state: 'reverted' });
    } catch (error) {
      setSave({ state: 'failed', error: asError(error) });
    }
  };

  // The variables stay listed while a new preview is asked for.
  const shownPreview = preview.state === 'idle' ? null : preview.preview;
  const variables = shownPreview?.variables ?? [];
  const insertVariable = (code: string) => {
    const area = editor.current;
    if (!selected || text === null || !area) return;
    const start = area.selectionStart ?? text.length;
    const end = area.selectionEnd ?? start;
    const next = text.slice(0, start) + code + text.slice(end);
    setDrafts((previous) => ({ ...previous, [selected.id]: next }));
    if (save.state !== 'busy') setSave({ state: 'idle' });
    window.requestAnimationFrame(() => {
      area.focus();
      area.setSelectionRange(start + code.length, start + code.length);
    });
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
            <select id="template-pick" value={selected.id} onChange={(event) => go(event.target.value, pickedCustomer)}>
              {messages.map((item) => (
                <option key={item.id} value={item.id}>
                  {templateOptionName(item, t)}
                </option>
              ))}
              {partials.length > 0 ? (
                <optgroup label={t('templates.partials')}>
                  {partials.map((item) => (
                    <option key={item.id} value={item.id}>
                      {templateOptionName(item, t)}
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
              <button type="button" className="button button-secondary button-small" disabled={drafts[selected.id] === undefined} onClick={() => dropDraft(selected.id)}>
                {t('templates.reset')}
              </button>
            </div>
            <p className="template-origin" data-testid="template-origin">
              {selected.override ? (
                <span className="badge badge-warning">{t('templates.own', { date: formatTimestamp(selected.override.updated_at, locale) })}</span>
              ) : (
                <span className="badge badge-neutral">{t('templates.builtIn')}</span>
              )}
            </p>
            {selected.formal ? <p className="notice notice-info">{t('templates.formal')}</p> : null}
            <textarea
              id="template-text"
              ref={editor}
              className="template-text"
              lang={selected.language}
              spellCheck
              value={text}
              onChange={(event) => {
                const value = event.target.value;
                setDrafts((previous) => ({ ...previous, [selected.id]: value }));
                if (save.state !== 'busy') setSave({ state: 'idle' });
              }}
            />
            {selected.partial ? (
              <p className="muted">{t('templates.partialReadOnly')}</p>
            ) : isAdmin ? (
              <div className="template-actions">
                <button type="button" className="button button-primary" disabled={save.state === 'busy' || text === inEffect} onClick={saveText}>
                  {save.state === 'busy' ? t('templates.saving') : t('templates.save')}
                </button>
                {selected.override ? (
                  <button type="button" className="button button-secondary" disabled={save.state === 'busy'} onClick={revert}>
                    {t('templates.revert')}
                  </button>
                ) : null}
              </div>
            ) : me.state === 'ready' ? (
              <p className="muted">{t('templates.adminOnly')}</p>
            ) : null}
            <div aria-live="polite">
              {save.state === 'saved' ? <p className="notice notice-info" role="status">{t('templates.saved')}</p> : null}
              {save.state === 'reverted' ? <p className="notice notice-info" role="status">{t('templates.reverted')}</p> : null}
            </div>
            {save.state === 'failed' ? <ErrorNotice error={save.error} /> : null}
          </section>
          <div className="template-side">
            {selected.partial ? null : (
              <section className="panel preview-section" aria-labelledby="template-preview-title">
                <h2 id="template-preview-title">{t('templates.preview')}</h2>
                <CustomerPicker onPick={(customer) => go(selected.id, customer.id)} />
                <PreviewPanel state={preview} language={selected.language} />
              </section>
            )}
            {!selected.partial && variables.length > 0 ? <VariablePicker variables={variables} onInsert={insertVariable} /> : null}
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
        </div>
      ) : null}
    </main>
  );
}
