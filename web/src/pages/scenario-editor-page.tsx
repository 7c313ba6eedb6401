import '../task-inbox.css';
import '../scenario-editor.css';
import { useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, withQuery } from '../api-client.js';
import type { MoneyJson } from '../api-types.js';
import type { Bilingual, ScenarioStep, Template } from '../collection-types.js';
import { ChannelLabel } from '../components/channel-label.js';
import { placeIssues, scenarioDocument, draftOf, newStepDraft, offsetOf, sameOrder, sortByOffset, withStepIds, type Issue, type PlacedIssues, type ScenarioDefinition, type StepDraft, type StepSlot } from '../components/scenario-draft.js';
import { ScenarioStepEditor } from '../components/scenario-step-editor.js';
import { ScenarioTimeline } from '../components/scenario-timeline.js';
import { ErrorNotice, Loading } from '../components/status-message.js';
import { formatDate, formatMoney } from '../format.js';
import { useI18n } from '../i18n.js';
import { MESSAGES } from '../messages.js';
import { fieldErrorSentence, problemSentence } from '../spoken-codes.js';
import { Link, navigate, useLocation } from '../router.js';
import { useApi } from '../use-api.js';
import { useDocumentTitle } from '../use-document-title.js';

interface SimulatedStep {
  customer: { id: string; reference: string; name: string };
  kind: 'send' | 'notify_owner';
  scenario_id: string;
  step_names: Bilingual[];
  channels: string[];
  requires_approval: boolean;
  invoices: { number: string }[];
  balance: MoneyJson;
  reason: Bilingual;
}

interface Simulation {
  from: string;
  items: { date: string; steps: SimulatedStep[] }[];
}

/** What the last save or copy of the scenario shown gave. */
type Outcome =
  | { scenarioId: string; kind: 'saved' }
  | { scenarioId: string; kind: 'copied'; name: Bilingual }
  | { scenarioId: string; kind: 'failed'; detail: string; placed: PlacedIssues; copying: boolean };

interface Refusal {
  detail: string;
  placed: PlacedIssues;
}

interface CopyForm {
  id: string;
  name: Bilingual;
}

async function putJson<T>(path: string, body: unknown, headers: Record<string, string> = {}): Promise<T> {
  const response = await fetch(path, {
    method: 'PUT',
    credentials: 'same-origin',
    headers: { accept: 'application/json', 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  const json: unknown = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    throw new ApiError(response.status, (json ?? { status: response.status }) as ApiError['problem']);
  }
  return json as T;
}

/** The fields an API problem names: every issue of a scenario when it lists them, else its one field. */
function issuesOf(error: unknown): { issues: Issue[] } {
  if (!(error instanceof ApiError)) return { issues: [] };
  const problem = error.problem as ApiError['problem'] & { issues?: Issue[]; errors?: Issue[] };
  return { issues: problem.issues && problem.issues.length > 0 ? problem.issues : (problem.errors ?? []) };
}

function copyName(name: Bilingual): Bilingual {
  const named = (language: 'fr' | 'en') => MESSAGES[language]['scenarioEditor.copyName'].replace('{name}', name[language]);
  return { fr: named('fr'), en: named('en') };
}

/** Edits an organization's scenario step by step, beside what the run would send in the next 30 days. */
export function ScenarioEditorPage() {
  const i18n = useI18n();
  const { t, language, locale } = i18n;
  useDocumentTitle(t('scenarioEditor.title'));
  const { path, query } = useLocation();
  const definitions = useApi<{ items: ScenarioDefinition[] }>('/api/scenarios/definitions');
  const templateList = useApi<{ items: Template[] }>('/api/templates');
  const simulation = useApi<Simulation>('/api/collection/simulation?days=30');
  const segments = useApi<{ items: string[] }>('/api/customers/segments');
  const items = definitions.data?.items ?? [];
  const selectedId = query.get('id') ?? items.find((scenario) => scenario.source === 'custom')?.id ?? items[0]?.id ?? '';
  const selected = items.find((scenario) => scenario.id === selectedId) ?? null;
  // Conditions are in the organization's currency, which every step's minimum balance carries.
  const currency = items.flatMap((scenario) => scenario.steps)[0]?.conditions.min_balance.currency ?? 'EUR';
  const messageTemplates = useMemo(() => (templateList.data?.items ?? []).filter((template) => !template.partial), [templateList.data]);

  const [drafts, setDrafts] = useState<StepDraft[]>([]);
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [copy, setCopy] = useState<CopyForm | null>(null);
  const [refusals, setRefusals] = useState(0);
  const editor = useRef<HTMLElement>(null);

  // Fresh data (after a save) refills the form with what the server kept.
  useEffect(() => {
    setDrafts(selected ? selected.steps.map(draftOf) : []);
    setFocusKey(null);
  }, [selected?.id, definitions.data]);
  useEffect(() => setCopy(null), [selected?.id]);

  const shown = outcome && outcome.scenarioId === selected?.id ? outcome : null;
  const placed = shown?.kind === 'failed' ? shown.placed : null;

  // After a refusal, the first field concerned takes the focus, so nobody hunts for it.
  useEffect(() => {
    if (refusals > 0) editor.current?.querySelector<HTMLElement>('input[aria-invalid="true"], select[aria-invalid="true"]')?.focus();
  }, [refusals]);

  const change = (key: string, patch: Partial<StepDraft>, slot: StepSlot) => {
    setDrafts((current) => current.map((draft) => (draft.key === key ? { ...draft, ...patch } : draft)));
    // The message about a field goes once the field is changed.
    setOutcome((current) => {
      if (current?.kind !== 'failed' || !current.placed.steps[key]?.[slot]) return current;
      const { [slot]: _gone, ...rest } = current.placed.steps[key]!;
      return { ...current, placed: { ...current.placed, steps: { ...current.placed.steps, [key]: rest } } };
    });
  };
  const reorder = () => setDrafts((current) => (sameOrder(sortByOffset(current), current) ? current : sortByOffset(current)));
  const addStep = () => {
    const draft = newStepDraft();
    setDrafts((current) => [...current, draft]);
    setFocusKey(draft.key);
  };
  const removeStep = (key: string) => setDrafts((current) => current.filter((draft) => draft.key !== key));

  /** Sends the steps in the order of their days; the API names the problems by that order. */
  const send = async (target: { id: string; name: Bilingual; description: Bilingual | null }, createOnly: boolean): Promise<Refusal | null> => {
    const ordered = sortByOffset(drafts);
    setDrafts(ordered);
    const body = scenarioDocument(target, withStepIds(ordered), currency);
    try {
      await putJson(`/api/scenarios/${encodeURIComponent(target.id)}`, body, createOnly ? { 'if-none-match': '*' } : {});
      return null;
    } catch (error) {
      const { issues } = issuesOf(error);
      // The issues stand beside their fields; the notice says in words what they do not.
      const detail = issues.length > 0 ? '' : (problemSentence(error instanceof Error ? error : new Error(String(error)), i18n)?.text ?? t('error.network'));
      return { detail, placed: placeIssues(issues, ordered.map((draft) => draft.key)) };
    }
  };

  const save = async () => {
    if (!selected) return;
    setBusy(true);
    setOutcome(null);
    const refusal = await send(selected, false);
    setBusy(false);
    if (refusal) {
      setOutcome({ scenarioId: selected.id, kind: 'failed', ...refusal, copying: false });
      setRefusals((count) => count + 1);
      return;
    }
    setOutcome({ scenarioId: selected.id, kind: 'saved' });
    definitions.reload();
    simulation.reload();
  };

  const openCopy = () => {
    if (!selected) return;
    const taken = new Set(items.map((scenario) => scenario.id));
    let id = `${selected.id}-copy`;
    for (let n = 2; taken.has(id); n++) id = `${selected.id}-copy-${n}`;
    setCopy({ id, name: copyName(selected.name) });
  };

  const createCopy = async () => {
    if (!selected || !copy) return;
    const id = copy.id.trim();
    const refuse = (message: string) => {
      setOutcome({ scenarioId: selected.id, kind: 'failed', detail: message, placed: { steps: {}, scenario: { id: [message] }, other: [] }, copying: true });
      setRefusals((count) => count + 1);
    };
    if (id === '') return refuse(t('scenarioEditor.idRequired'));
    if (items.some((scenario) => scenario.id === id)) return refuse(t('scenarioEditor.idTaken'));
    setBusy(true);
    setOutcome(null);
    const refusal = await send({ id, name: copy.name, description: selected.description }, true);
    setBusy(false);
    if (refusal) {
      setOutcome({ scenarioId: selected.id, kind: 'failed', ...refusal, copying: true });
      setRefusals((count) => count + 1);
      return;
    }
    setCopy(null);
    setOutcome({ scenarioId: id, kind: 'copied', name: copy.name });
    definitions.reload();
    navigate(withQuery(path, { id }));
  };

  const copyErrors = (field: string) => (shown?.kind === 'failed' && shown.copying ? shown.placed.scenario[field] : undefined);
  // Problems with no input of their own on the page.
  const unplaced = placed
    ? [
        ...Object.entries(placed.scenario)
          .filter(([field]) => !(shown?.kind === 'failed' && shown.copying && ['id', 'name.fr', 'name.en'].includes(field)))
          .flatMap(([field, messages]) => messages.map((message) => ({ field, message }))),
        ...placed.other.map((message) => ({ field: '', message })),
      ]
    : [];

  const timelineSteps: ScenarioStep[] = drafts.flatMap((draft) => {
    const offset = offsetOf(draft);
    if (offset === null) return [];
    const fallback = t('scenarioEditor.newStep');
    return [
      {
        id: draft.key,
        name: { fr: draft.name.fr || draft.name.en || fallback, en: draft.name.en || draft.name.fr || fallback },
        offset_days: offset,
        channel: draft.channel,
        sender: draft.sender,
        requires_approval: draft.requiresApproval,
        states_late_fees: draft.statesLateFees,
        notify_owner_before_days: 0,
      },
    ];
  });

  return (
    <main id="main" className="page">
      <div className="page-heading">
        <div>
          <h1>{t('scenarioEditor.title')}</h1>
          <p className="muted">{t('scenarioEditor.intro')}</p>
        </div>
        <div className="heading-tools">
          <label htmlFor="scenario-pick">{t('scenarioEditor.scenario')}</label>
          <select id="scenario-pick" value={selectedId} onChange={(event) => navigate(withQuery(path, { id: event.target.value }), { replace: true })}>
            {items.map((scenario) => (
              <option key={scenario.id} value={scenario.id}>
                {scenario.name[language]} ({t(scenario.source === 'custom' ? 'scenarios.custom' : 'scenarios.builtIn')})
              </option>
            ))}
          </select>
          <Link to="/scenarios">{t('scenarioEditor.back')}</Link>
        </div>
      </div>
      {definitions.state === 'failed' ? <ErrorNotice error={definitions.error} onRetry={definitions.reload} /> : null}
      {templateList.state === 'failed' ? <ErrorNotice error={templateList.error} onRetry={templateList.reload} /> : null}
      {definitions.state === 'loading' && !definitions.data ? <Loading /> : null}
      {selected ? (
        <section className="panel" aria-labelledby="editor-heading" data-testid="scenario-editor" ref={editor}>
          <div className="panel-heading">
            <h2 id="editor-heading">{selected.name[language]}</h2>
            {selected.source === 'built_in' ? <p className="muted">{t('scenarioEditor.builtInNote')}</p> : null}
          </div>
          <ScenarioTimeline steps={timelineSteps} label={t('scenarios.stepsOf', { name: selected.name[language] })} />
          <ol className="step-editor-list" aria-label={t('scenarioEditor.stepList')}>
            {drafts.map((draft) => (
              <li key={draft.key}>
                <ScenarioStepEditor
                  draft={draft}
                  errors={placed?.steps[draft.key]}
                  templates={messageTemplates}
                  currency={currency}
                  knownSegments={segments.data?.items ?? []}
                  autoFocus={draft.key === focusKey}
                  onChange={(patch, slot) => change(draft.key, patch, slot)}
                  onOffsetDone={reorder}
                  onRemove={() => removeStep(draft.key)}
                />
              </li>
            ))}
          </ol>
          <div className="form-actions step-editor-actions">
            <button type="button" className="button button-secondary" onClick={addStep}>
              {t('scenarioEditor.add')}
            </button>
            <button type="button" className="button button-primary" disabled={busy} onClick={save}>
              {t(busy ? 'scenarioEditor.saving' : 'scenarioEditor.save')}
            </button>
            <button type="button" className="button button-secondary" disabled={busy || copy !== null} onClick={openCopy}>
              {t('scenarioEditor.duplicate')}
            </button>
          </div>

          {copy ? (
            <form
              className="copy-form"
              aria-labelledby="copy-heading"
              onSubmit={(event) => {
                event.preventDefault();
                void createCopy();
              }}
            >
              <h3 id="copy-heading">{t('scenarioEditor.duplicateTitle')}</h3>
              <p className="muted">{t('scenarioEditor.duplicateIntro')}</p>
              <div className="step-editor-grid">
                {(
                  [
                    ['id', 'copy-id', t('scenarioEditor.newId'), copy.id, (value: string) => setCopy({ ...copy, id: value })],
                    ['name.fr', 'copy-name-fr', t('scenarioEditor.nameFr'), copy.name.fr, (value: string) => setCopy({ ...copy, name: { ...copy.name, fr: value } })],
                    ['name.en', 'copy-name-en', t('scenarioEditor.nameEn'), copy.name.en, (value: string) => setCopy({ ...copy, name: { ...copy.name, en: value } })],
                  ] as const
                ).map(([field, inputId, label, value, set]) => {
                  const messages = copyErrors(field);
                  return (
                    <div className="field" key={field}>
                      <label htmlFor={inputId}>{label}</label>
                      <input
                        id={inputId}
                        value={value}
                        onChange={(event) => set(event.target.value)}
                        {...(messages ? { 'aria-invalid': true, 'aria-describedby': `${inputId}-error` } : {})}
                      />
                      {messages ? (
                        <p className="field-error" id={`${inputId}-error`} data-testid="field-error">
                          {messages.join(' ')}
                        </p>
                      ) : null}
                    </div>
                  );
                })}
              </div>
              <div className="step-editor-actions">
                <button type="submit" className="button button-primary" disabled={busy}>
                  {t('scenarioEditor.createCopy')}
                </button>
                <button type="button" className="button button-secondary" onClick={() => setCopy(null)}>
                  {t('scenarioEditor.cancelCopy')}
                </button>
              </div>
            </form>
          ) : null}

          {shown?.kind === 'saved' ? (
            <p className="notice notice-info" role="status">
              {t('scenarioEditor.saved')}
            </p>
          ) : null}
          {shown?.kind === 'copied' ? (
            <p className="notice notice-info" role="status">
              {t('scenarioEditor.copied', { name: shown.name[language] })}
            </p>
          ) : null}
          {shown?.kind === 'failed' ? (
            <div className="notice notice-error" role="alert">
              <p className="notice-title">{t(shown.copying ? 'scenarioEditor.copyFailed' : 'scenarioEditor.failed')}</p>
              {shown.detail ? <p>{shown.detail}</p> : null}
              {unplaced.length > 0 ? (
                <ul>
                  {unplaced.map((issue, index) => (
                    <li key={index}>
                      {fieldErrorSentence(issue, i18n)}
                    </li>
                  ))}
                </ul>
              ) : null}
            </div>
          ) : null}
        </section>
      ) : null}

      <section className="panel panel-flush" aria-labelledby="simulation-heading">
        <div className="panel-heading">
          <div>
            <h2 id="simulation-heading">{t('simulation.title')}</h2>
            <p className="muted">{t('simulation.intro')}</p>
          </div>
        </div>
        {simulation.state === 'failed' ? <ErrorNotice error={simulation.error} onRetry={simulation.reload} /> : null}
        {simulation.state === 'loading' && !simulation.data ? <Loading /> : null}
        {simulation.data && simulation.data.items.every((day) => day.steps.length === 0) ? <p className="muted">{t('simulation.empty')}</p> : null}
        {simulation.data && simulation.data.items.some((day) => day.steps.length > 0) ? (
          <div className="table-scroll">
            <table className="data-table" data-testid="simulation">
              <thead>
                <tr>
                  <th scope="col">{t('simulation.date')}</th>
                  <th scope="col">{t('column.customer')}</th>
                  <th scope="col">{t('scenarioEditor.step')}</th>
                  <th scope="col">{t('scenarioEditor.channel')}</th>
                  <th scope="col">{t('simulation.invoices')}</th>
                  <th scope="col" className="numeric">{t('simulation.amount')}</th>
                  <th scope="col">{t('simulation.why')}</th>
                </tr>
              </thead>
              <tbody>
                {simulation.data.items.flatMap((day) =>
                  day.steps.map((planned, index) => (
                    <tr key={`${day.date}-${planned.customer.id}-${index}`} data-testid="simulation-row">
                      <td>{formatDate(day.date, locale)}</td>
                      <td>
                        <Link to={`/customers/${encodeURIComponent(planned.customer.id)}`}>{planned.customer.name}</Link>
                      </td>
                      <td>
                        {planned.kind === 'notify_owner' ? `${t('simulation.ownerNotice')}: ` : ''}
                        {planned.step_names.map((name) => name[language]).join(' + ')}
                        {planned.requires_approval ? <span className="tag">{t('scenarios.approval')}</span> : null}
                      </td>
                      <td>
                        {planned.channels.map((channel, at) => (
                          <ChannelLabel key={at} channel={channel} />
                        ))}
                      </td>
                      <td>{planned.invoices.map((invoice) => invoice.number).join(', ')}</td>
                      <td className="numeric">{formatMoney(planned.balance, locale)}</td>
                      <td className="muted">{planned.reason[language]}</td>
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
    </main>
  );
}
