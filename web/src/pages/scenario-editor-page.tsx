import '../task-inbox.css';
import { useEffect, useState } from 'react';
import { ApiError, withQuery } from '../api-client.js';
import type { MoneyJson } from '../api-types.js';
import type { Bilingual, Scenario, ScenarioStep } from '../collection-types.js';
import { ChannelLabel } from '../components/channel-label.js';
import { ErrorNotice, Loading } from '../components/status-message.js';
import { formatDate, formatMoney } from '../format.js';
import { translateOptional, useI18n } from '../i18n.js';
import { Link, navigate, useLocation } from '../router.js';
import { useApi } from '../use-api.js';
import { useDocumentTitle } from '../use-document-title.js';

const CHANNELS = ['email', 'sms', 'letter', 'registered_letter', 'call_task', 'handoff'] as const;

interface EditableStep extends ScenarioStep {
  templates: Record<string, string>;
}

type EditableScenario = Omit<Scenario, 'steps'> & { steps: EditableStep[] };

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

interface Issue {
  field?: string;
  message: string;
}

/** The scenario as a document `validateScenario` reads (docs/scenarios.md). */
function documentOf(scenario: EditableScenario, steps: EditableStep[]) {
  return {
    id: scenario.id,
    name: scenario.name,
    ...(scenario.description ? { description: scenario.description } : {}),
    steps: steps.map((step) => ({
      id: step.id,
      name: step.name,
      offset_days: step.offset_days,
      channel: step.channel,
      templates: step.templates,
      sender: step.sender,
      requires_approval: step.requires_approval,
      states_late_fees: step.states_late_fees,
      notify_owner_before: step.notify_owner_before_days,
    })),
  };
}

async function putJson<T>(path: string, body: unknown): Promise<T> {
  const response = await fetch(path, { method: 'PUT', credentials: 'same-origin', headers: { accept: 'application/json', 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await response.text();
  const json: unknown = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    throw new ApiError(response.status, (json ?? { status: response.status }) as ApiError['problem']);
  }
  return json as T;
}

/** Edits the steps of an organization's own scenario, beside what the run would send in the next 30 days. */
export function ScenarioEditorPage() {
  const { t, language, locale } = useI18n();
  useDocumentTitle(t('scenarioEditor.title'));
  const { path, query } = useLocation();
  const scenarios = useApi<{ items: EditableScenario[] }>('/api/scenarios');
  const simulation = useApi<Simulation>('/api/collection/simulation?days=30');
  const selectedId = query.get('id') ?? scenarios.data?.items.find((scenario) => scenario.source === 'custom')?.id ?? scenarios.data?.items[0]?.id ?? '';
  const selected = scenarios.data?.items.find((scenario) => scenario.id === selectedId) ?? null;
  const [steps, setSteps] = useState<EditableStep[]>([]);
  const [saving, setSaving] = useState(false);
  const [result, setResult] = useState<{ kind: 'saved' } | { kind: 'failed'; detail: string; issues: Issue[] } | null>(null);

  // Fresh data (after a save) refills the form; only choosing another scenario clears the last message.
  useEffect(() => {
    setSteps(selected ? selected.steps.map((step) => ({ ...step, templates: { ...step.templates } })) : []);
  }, [selected?.id, scenarios.data]);
  useEffect(() => setResult(null), [selected?.id]);

  const change = (index: number, patch: Partial<EditableStep>) => setSteps((current) => current.map((step, at) => (at === index ? { ...step, ...patch } : step)));

  const save = async () => {
    if (!selected) return;
    setSaving(true);
    setResult(null);
    try {
      await putJson(`/api/scenarios/${encodeURIComponent(selected.id)}`, documentOf(selected, steps));
      setResult({ kind: 'saved' });
      scenarios.reload();
      simulation.reload();
    } catch (error) {
      const problem = error instanceof ApiError ? (error.problem as ApiError['problem'] & { issues?: Issue[]; errors?: Issue[] }) : null;
      setResult({ kind: 'failed', detail: problem?.detail ?? t('error.network'), issues: problem?.issues ?? problem?.errors ?? [] });
    } finally {
      setSaving(false);
    }
  };

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
            {scenarios.data?.items.map((scenario) => (
              <option key={scenario.id} value={scenario.id}>
                {scenario.name[language]} ({t(scenario.source === 'custom' ? 'scenarios.custom' : 'scenarios.builtIn')})
              </option>
            ))}
          </select>
          <Link to="/scenarios">{t('scenarioEditor.back')}</Link>
        </div>
      </div>
      {scenarios.state === 'failed' ? <ErrorNotice error={scenarios.error} onRetry={scenarios.reload} /> : null}
      {scenarios.state === 'loading' && !scenarios.data ? <Loading /> : null}
      {selected ? (
        <section className="panel" aria-labelledby="editor-heading" data-testid="scenario-editor">
          <div className="panel-heading">
            <h2 id="editor-heading">{selected.name[language]}</h2>
            {selected.source === 'built_in' ? <p className="muted">{t('scenarioEditor.builtInNote')}</p> : null}
          </div>
          <div className="table-scroll">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{t('scenarioEditor.step')}</th>
                  <th scope="col">{t('scenarioEditor.offset')}</th>
                  <th scope="col">{t('scenarioEditor.channel')}</th>
                  <th scope="col">{t('scenarios.approval')}</th>
                </tr>
              </thead>
              <tbody>
                {steps.map((step, index) => (
                  <tr key={step.id} data-testid="editor-step">
                    <td>{step.name[language]}</td>
                    <td>
                      <input
                        type="number"
                        className="input-narrow"
                        aria-label={t('scenarioEditor.offsetOf', { name: step.name[language] })}
                        value={Number.isFinite(step.offset_days) ? step.offset_days : ''}
                        onChange={(event) => change(index, { offset_days: event.target.value === '' ? Number.NaN : Number(event.target.value) })}
                      />
                    </td>
                    <td>
                      <select aria-label={t('scenarioEditor.channelOf', { name: step.name[language] })} value={step.channel} onChange={(event) => change(index, { channel: event.target.value })}>
                        {CHANNELS.map((channel) => (
                          <option key={channel} value={channel}>
                            {translateOptional(t, `channel.${channel}`, channel)}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={t('scenarioEditor.approvalOf', { name: step.name[language] })}
                        checked={step.requires_approval}
                        onChange={(event) => change(index, { requires_approval: event.target.checked })}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="form-actions">
            <button type="button" className="button button-primary" disabled={saving} onClick={save}>
              {t(saving ? 'scenarioEditor.saving' : 'scenarioEditor.save')}
            </button>
          </div>
          {result?.kind === 'saved' ? (
            <p className="notice notice-info" role="status">
              {t('scenarioEditor.saved')}
            </p>
          ) : null}
          {result?.kind === 'failed' ? (
            <div className="notice notice-error" role="alert">
              <p>{result.detail}</p>
              <ul>
                {result.issues.map((issue, index) => (
                  <li key={index}>
                    {issue.field ? <code>{issue.field}</code> : null} {issue.message}
                  </li>
                ))}
              </ul>
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
