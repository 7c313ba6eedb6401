import '../agency-scenario.css';
import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, apiDelete, apiPut } from '../api-client.js';
import type { AgencyCase } from '../components/agency-case-types.js';
import { FormField } from '../components/form-field.js';
import { ErrorNotice, Loading } from '../components/status-message.js';
import { formatDateInWords } from '../format.js';
import { useI18n, type I18n } from '../i18n.js';
import type { MessageKey } from '../messages.js';
import { useApi } from '../use-api.js';
import { useDocumentTitle } from '../use-document-title.js';

type StepKey = 'first_letter' | 'reminder' | 'last_notice';
type Language = 'fr' | 'en' | 'nl' | 'de';

/** GET /api/agency/scenario */
interface AgencyScenario {
  steps: { key: StepKey; template: string; day: number; enabled: boolean }[];
  updated_at: string | null;
}

/** GET /api/agency/templates items */
interface AgencyLetterTemplate {
  id: string;
  template: string;
  language: Language;
  text: string;
  override: { text: string; updated_at: string } | null;
}

/** GET /api/agency/cases/:id/messages/preview?template= */
interface LetterPreview {
  language: Language;
  problem: { en: string; fr: string } | null;
  draft: { subject: string; text: string } | null;
}

const LANGUAGES: readonly Language[] = ['fr', 'en', 'nl', 'de'];
const LANGUAGE_KEYS: Record<Language, MessageKey> = { fr: 'agencyMessage.languageFr', en: 'agencyMessage.languageEn', nl: 'agencyMessage.languageNl', de: 'agencyMessage.languageDe' };
const letterName = (key: StepKey, t: I18n['t']) => t(`agencyScenario.letter.${key}`);
const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));
const dayOf = (iso: string, locale: string) => formatDateInWords(iso.slice(0, 10), locale);

/** The agency's own scenario: which letters its run sends and when, and their texts, with a preview on a live case. */
export function AgencyScenarioPage({ canEdit }: { canEdit: boolean }) {
  const { t } = useI18n();
  useDocumentTitle(t('agencyScenario.title'));
  const scenario = useApi<AgencyScenario>('/api/agency/scenario');
  return (
    <main id="main" className="page">
      <div className="page-heading">
        <div>
          <h1>{t('agencyScenario.title')}</h1>
          <p className="muted">{t('agencyScenario.intro')}</p>
        </div>
      </div>
      {scenario.state === 'failed' ? <ErrorNotice error={scenario.error} onRetry={scenario.reload} /> : null}
      {scenario.data ? <StepsForm scenario={scenario.data} canEdit={canEdit} onSaved={scenario.reload} /> : scenario.state === 'loading' ? <Loading /> : null}
      {scenario.data ? <LetterTexts steps={scenario.data.steps} canEdit={canEdit} /> : null}
    </main>
  );
}

function StepsForm({ scenario, canEdit, onSaved }: { scenario: AgencyScenario; canEdit: boolean; onSaved(): void }) {
  const i18n = useI18n();
  const { t, tn, language, locale } = i18n;
  const [steps, setSteps] = useState(scenario.steps.map((step) => ({ ...step, day: String(step.day) })));
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Error | null>(null);
  const [saved, setSaved] = useState(false);
  const problem = failure instanceof ApiError ? failure.problem : null;
  const fieldErrors = (field: string) =>
    (problem?.errors ?? []).filter((error) => error.field === field).map((error) => problem?.localized_detail?.[language] ?? error.message);
  const placed = (problem?.errors ?? []).some((error) => /^steps\[\d+\]\.(day|enabled)$/.test(error.field));

  const change = (index: number, patch: Partial<(typeof steps)[number]>) => {
    setSteps((previous) => previous.map((step, i) => (i === index ? { ...step, ...patch } : step)));
    setSaved(false);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    setSaved(false);
    try {
      const day = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : text.trim() === '' ? -1 : Number(text));
      await apiPut('/api/agency/scenario', { steps: steps.map((step) => ({ key: step.key, day: day(step.day), enabled: step.enabled })) });
      setSaved(true);
      onSaved();
    } catch (error) {
      setFailure(asError(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="agency-steps-title">
      <h2 id="agency-steps-title">{t('agencyScenario.steps')}</h2>
      <p className="muted">{t('agencyScenario.stepsHelp')}</p>
      <p className="muted" data-testid="agency-steps-origin">
        {scenario.updated_at ? t('agencyScenario.ownDays', { date: dayOf(scenario.updated_at, locale) }) : t('agencyScenario.builtInDays')}
      </p>
      <form noValidate onSubmit={submit}>
        <ol className="agency-steps">
          {steps.map((step, index) => {
            const letter = letterName(step.key, t);
            const days = Number(step.day);
            const help = !step.enabled ? t('agencyScenario.off') : !/^\d+$/.test(step.day) ? undefined : days === 0 ? t('agencyScenario.dayHelp.zero') : tn('agencyScenario.dayHelp', days);
            return (
              <li key={step.key} className="agency-step" data-testid={`agency-step-${step.key}`}>
                <h3>{letter}</h3>
                <label className="agency-step-switch">
                  <input type="checkbox" checked={step.enabled} disabled={!canEdit} onChange={(event) => change(index, { enabled: event.target.checked })} /> {t('agencyScenario.send', { letter })}
                </label>
                <FormField id={`agency-step-day-${step.key}`} label={t('agencyScenario.dayOf', { letter })} errors={[...fieldErrors(`steps[${index}].day`), ...fieldErrors(`steps[${index}].key`)]} {...(help ? { help } : {})}>
                  <input id={`agency-step-day-${step.key}`} type="number" inputMode="numeric" min={0} max={365} step={1} value={step.day} disabled={!canEdit} onChange={(event) => change(index, { day: event.target.value })} />
                </FormField>
              </li>
            );
          })}
        </ol>
        {failure && !placed ? <ErrorNotice error={failure} /> : null}
        {canEdit ? (
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? t('agencyScenario.saving') : t('agencyScenario.saveSteps')}
          </button>
        ) : (
          <p className="muted">{t('agencyScenario.adminOnly')}</p>
        )}
        <div aria-live="polite">
          {saved ? (
            <p className="notice notice-info" role="status">
              {t('agencyScenario.stepsSaved')}
            </p>
          ) : null}
        </div>
      </form>
    </section>
  );
}

type SaveState = { state: 'idle' } | { state: 'busy' } | { state: 'saved' } | { state: 'reverted' } | { state: 'failed'; error: Error };

function LetterTexts({ steps, canEdit }: { steps: AgencyScenario['steps']; canEdit: boolean }) {
  const { t, locale } = useI18n();
  const templates = useApi<{ items: AgencyLetterTemplate[] }>('/api/agency/templates');
  const [template, setTemplate] = useState(steps[0]!.template);
  const [language, setLanguage] = useState<Language>('fr');
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [save, setSave] = useState<SaveState>({ state: 'idle' });
  const [version, setVersion] = useState(0);
  const selected = templates.data?.items.find((item) => item.template === template && item.language === language) ?? null;
  const inEffect = selected ? (selected.override?.text ?? selected.text) : '';
  const text = selected ? (drafts[selected.id] ?? inEffect) : '';

  /** Saves or drops the agency's own text of the letter shown, then reads the letters and the preview again. */
  const change = async (request: (path: string) => Promise<unknown>, done: 'saved' | 'reverted') => {
    if (!selected) return;
    setSave({ state: 'busy' });
    try {
      await request(`/api/agency/templates/${encodeURIComponent(selected.template)}/${selected.language}`);
      setDrafts(({ [selected.id]: _, ...rest }) => rest);
      setSave({ state: done });
      setVersion((count) => count + 1);
      templates.reload();
    } catch (error) {
      setSave({ state: 'failed', error: asError(error) });
    }
  };
  const saveText = () => change((path) => apiPut(path, { text }), 'saved');
  const revert = () => {
    if (window.confirm(t('agencyScenario.revertConfirm'))) void change((path) => apiDelete(path), 'reverted');
  };

  return (
    <section className="panel" aria-labelledby="agency-texts-title">
      <h2 id="agency-texts-title">{t('agencyScenario.texts')}</h2>
      <p className="muted">{t('agencyScenario.textsHelp')}</p>
      <div className="agency-letter-pick">
        <div className="field">
          <label htmlFor="agency-letter-pick">{t('agencyScenario.pickLetter')}</label>
          <select id="agency-letter-pick" value={template} onChange={(event) => { setTemplate(event.target.value); setSave({ state: 'idle' }); }}>
            {steps.map((step) => (
              <option key={step.template} value={step.template}>
                {letterName(step.key, t)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="agency-language-pick">{t('agencyScenario.pickLanguage')}</label>
          <select id="agency-language-pick" value={language} onChange={(event) => { setLanguage(event.target.value as Language); setSave({ state: 'idle' }); }}>
            {LANGUAGES.map((code) => (
              <option key={code} value={code}>
                {t(LANGUAGE_KEYS[code])}
              </option>
            ))}
          </select>
        </div>
      </div>
      {templates.state === 'failed' ? <ErrorNotice error={templates.error} onRetry={templates.reload} /> : null}
      {!templates.data && templates.state === 'loading' ? <Loading /> : null}
      {selected ? (
        <div className="agency-letter">
          <p data-testid="agency-letter-origin">
            {selected.override ? (
              <span className="badge badge-warning">{t('agencyScenario.ownText', { date: dayOf(selected.override.updated_at, locale) })}</span>
            ) : (
              <span className="badge badge-neutral">{t('agencyScenario.builtInText')}</span>
            )}
          </p>
          <div className="field">
            <label htmlFor="agency-letter-text">{t('agencyScenario.text')}</label>
            <textarea
              id="agency-letter-text"
              className="agency-letter-text"
              lang={selected.language}
              spellCheck
              rows={16}
              value={text}
              readOnly={!canEdit}
              onChange={(event) => {
                const value = event.target.value;
                setDrafts((previous) => ({ ...previous, [selected.id]: value }));
                if (save.state !== 'busy') setSave({ state: 'idle' });
              }}
            />
          </div>
          {canEdit ? (
            <div className="agency-letter-actions">
              <button type="button" className="button button-primary" disabled={save.state === 'busy' || text === inEffect} onClick={saveText}>
                {save.state === 'busy' ? t('agencyScenario.saving') : t('agencyScenario.saveText')}
              </button>
              {selected.override ? (
                <button type="button" className="button button-secondary" disabled={save.state === 'busy'} onClick={revert}>
                  {t('agencyScenario.revert')}
                </button>
              ) : null}
            </div>
          ) : (
            <p className="muted">{t('agencyScenario.adminOnly')}</p>
          )}
          <div aria-live="polite">
            {save.state === 'saved' ? <p className="notice notice-info" role="status">{t('agencyScenario.textSaved')}</p> : null}
            {save.state === 'reverted' ? <p className="notice notice-info" role="status">{t('agencyScenario.reverted')}</p> : null}
            {text !== inEffect ? <p className="muted">{t('agencyScenario.unsaved')}</p> : null}
          </div>
          {save.state === 'failed' ? <ErrorNotice error={save.error} /> : null}
          <LetterPreview template={selected.template} language={selected.language} version={version} />
        </div>
      ) : null}
    </section>
  );
}

/** The saved letter on one live case, through the same rendering the run uses. */
function LetterPreview({ template, language, version }: { template: string; language: Language; version: number }) {
  const i18n = useI18n();
  const { t } = i18n;
  const cases = useApi<{ items: AgencyCase[] }>('/api/agency/cases');
  const [caseId, setCaseId] = useState<string | null>(null);
  const items = cases.data?.items ?? [];
  // The case picked, else the first one.
  const fallback = items.find((item) => item.id === caseId) ?? items[0] ?? null;
  const chosen = fallback?.id ?? null;
  const preview = useApi<LetterPreview>(chosen ? `/api/agency/cases/${encodeURIComponent(chosen)}/messages/preview?template=${encodeURIComponent(template)}` : null);
  const { reload } = preview;
  // Saved or reverted: the letter is rendered again from the stored text.
  useEffect(() => {
    if (version > 0) reload();
  }, [version, reload]);
  useEffect(() => {
    if (caseId !== null && !items.some((item) => item.id === caseId)) setCaseId(null);
  }, [caseId, items]);

  return (
    <section className="agency-letter-preview" aria-labelledby="agency-preview-title" data-testid="agency-letter-preview">
      <h3 id="agency-preview-title">{t('agencyScenario.preview')}</h3>
      {cases.state === 'failed' ? <ErrorNotice error={cases.error} onRetry={cases.reload} /> : null}
      {cases.data && items.length === 0 ? <p className="muted">{t('agencyScenario.previewNoCase')}</p> : null}
      {items.length > 1 ? (
        <div className="field">
          <label htmlFor="agency-preview-case">{t('agencyScenario.previewCase')}</label>
          <select id="agency-preview-case" value={chosen ?? ''} onChange={(event) => setCaseId(event.target.value)}>
            {items.map((item) => (
              <option key={item.id} value={item.id}>
                {t('agencyScenario.previewCaseName', { customer: item.customer.name, creditor: item.creditor.name })}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {fallback ? <p className="muted">{t('agencyScenario.previewIntro', { customer: fallback.customer.name, creditor: fallback.creditor.name })}</p> : null}
      {preview.state === 'failed' ? <ErrorNotice error={preview.error} onRetry={preview.reload} /> : null}
      {preview.data && chosen ? (
        <div aria-busy={preview.state === 'loading'}>
          {preview.data.language !== language ? <p className="notice notice-info">{t('agencyScenario.previewOtherLanguage', { language: t(LANGUAGE_KEYS[preview.data.language]) })}</p> : null}
          {preview.data.draft ? (
            <div lang={preview.data.language}>
              <p>
                <strong>{t('agencyScenario.previewSubject')}</strong> {preview.data.draft.subject}
              </p>
              <pre className="agency-letter-rendered" data-testid="agency-letter-rendered">
                {preview.data.draft.text}
              </pre>
            </div>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
