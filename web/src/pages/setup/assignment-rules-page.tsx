import { useEffect, useMemo, useState } from 'react';
import { ApiError, apiPost, apiPut } from '../../api-client.js';
import type { MoneyJson, Session } from '../../api-types.js';
import type { Scenario } from '../../collection-types.js';
import { ErrorNotice, Loading } from '../../components/status-message.js';
import { decimalFromTyped } from '../../format.js';
import { useI18n } from '../../i18n.js';
import { useApi } from '../../use-api.js';
import { useDocumentTitle } from '../../use-document-title.js';
import { AdminSettingsPage, FailureNotice, Saved, useAction } from './setup-common.js';

const RISKS = ['low', 'medium', 'high'] as const;
type Risk = (typeof RISKS)[number];

/** A rule as the API sends and takes it. */
interface RuleJson {
  scenario_id: string;
  segments?: string[];
  risk_levels?: Risk[];
  min_balance?: MoneyJson;
  max_balance?: MoneyJson;
}

/** `POST /api/scenario-rules/preview`: customers per rule, worked out by the server as the run would. */
interface Preview {
  rules: number[];
  manual: number;
  default: number;
  default_scenario_id: string;
  total: number;
}

/** A rule as typed; `key` keeps each row's identity while rules move. */
interface DraftRule {
  key: number;
  scenarioId: string;
  segments: string;
  risks: Risk[];
  min: string;
  max: string;
}

let nextKey = 1;

function draftOf(rule: RuleJson): DraftRule {
  return { key: nextKey++, scenarioId: rule.scenario_id, segments: (rule.segments ?? []).join(', '), risks: rule.risk_levels ?? [], min: rule.min_balance?.amount ?? '', max: rule.max_balance?.amount ?? '' };
}

function jsonOf(rule: DraftRule, currency: string): RuleJson {
  const segments = rule.segments.split(',').map((segment) => segment.trim()).filter(Boolean);
  return {
    scenario_id: rule.scenarioId,
    ...(segments.length > 0 ? { segments } : {}),
    ...(rule.risks.length > 0 ? { risk_levels: rule.risks } : {}),
    ...(rule.min.trim() ? { min_balance: { amount: decimalFromTyped(rule.min), currency } } : {}),
    ...(rule.max.trim() ? { max_balance: { amount: decimalFromTyped(rule.max), currency } } : {}),
  };
}

/** The ordered rules that give each customer a scenario, with how many customers each takes. */
export function AssignmentRulesPage() {
  const { t } = useI18n();
  useDocumentTitle(t('setup.rules.title'));
  return <AdminSettingsPage title={t('setup.rules.title')}>{(me) => <RulesEditor me={me} />}</AdminSettingsPage>;
}

function RulesEditor({ me }: { me: Session }) {
  const { t, tn, language } = useI18n();
  const saved = useApi<{ items: RuleJson[] }>('/api/scenario-rules');
  const scenarios = useApi<{ items: Scenario[] }>('/api/scenarios');
  const [rules, setRules] = useState<DraftRule[] | null>(null);
  const [dirty, setDirty] = useState(false);
  const [savedNow, setSavedNow] = useState(false);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [previewFailed, setPreviewFailed] = useState(false);
  const action = useAction();
  const currency = me.organization.currency;

  useEffect(() => {
    if (saved.data) setRules(saved.data.items.map(draftOf));
  }, [saved.data]);

  const body = useMemo(() => (rules ? { items: rules.map((rule) => jsonOf(rule, currency)) } : null), [rules, currency]);
  const bodyText = JSON.stringify(body);
  // The counts follow the draft: asked again a moment after the last change.
  useEffect(() => {
    if (!body) return;
    let current = true;
    const timer = setTimeout(() => {
      apiPost<Preview>('/api/scenario-rules/preview', body).then(
        (next) => {
          if (!current) return;
          setPreview(next);
          setPreviewFailed(false);
        },
        () => current && setPreviewFailed(true),
      );
    }, 250);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [bodyText]);

  if (saved.state === 'failed') return <ErrorNotice error={saved.error} onRetry={saved.reload} />;
  if (!rules) return <Loading />;

  const scenarioName = (id: string) => scenarios.data?.items.find((scenario) => scenario.id === id)?.name[language] ?? id;
  const update = (next: DraftRule[]) => {
    setRules(next);
    setDirty(true);
    setSavedNow(false);
  };
  const patch = (index: number, change: Partial<DraftRule>) => update(rules.map((rule, i) => (i === index ? { ...rule, ...change } : rule)));
  const move = (index: number, by: -1 | 1) => {
    const next = [...rules];
    const [rule] = next.splice(index, 1);
    next.splice(index + by, 0, rule!);
    update(next);
    // The focus follows the rule it moved, so the keys can move it again.
    requestAnimationFrame(() => document.getElementById(`rule-${rule!.key}-${by < 0 ? 'up' : 'down'}`)?.focus());
  };
  const add = () => update([...rules, { key: nextKey++, scenarioId: scenarios.data?.items[0]?.id ?? 'standard', segments: '', risks: [], min: '', max: '' }]);
  const save = async () => {
    if (!body) return;
    const next = await action.run(() => apiPut<{ items: RuleJson[] }>('/api/scenario-rules', body));
    if (next) {
      setDirty(false);
      setSavedNow(true);
    }
  };
  const ruleProblem = (index: number): string | null => {
    const failure = action.failure;
    if (!(failure instanceof ApiError)) return null;
    const fields = (failure.problem.errors ?? []).map((error) => error.field);
    if (!fields.some((field) => field.startsWith(`items[${index}]`))) return null;
    return failure.status === 404 ? t('setup.error.ruleScenario', { number: index + 1 }) : t('setup.error.rule', { number: index + 1 });
  };

  return (
    <section className="panel" aria-labelledby="rules-heading">
      <h2 id="rules-heading" className="visually-hidden">
        {t('setup.rules.title')}
      </h2>
      <p className="field-help">{t('setup.rules.help')}</p>
      {rules.length === 0 ? <p>{t('setup.rules.none')}</p> : null}
      <ol className="rule-list" data-testid="rule-list">
        {rules.map((rule, index) => {
          const number = index + 1;
          const id = `rule-${rule.key}`;
          const problem = ruleProblem(index);
          return (
            <li key={rule.key} className="rule-card" data-testid="rule">
              <fieldset>
                <legend>{t('setup.rules.rule', { number })}</legend>
                <p className="rule-count" data-testid="rule-count" aria-live="polite">
                  {preview && preview.rules.length === rules.length ? tn('setup.rules.takes', preview.rules[index] ?? 0) : '…'}
                </p>
                <div className="rule-fields">
                  <div className="field">
                    <label htmlFor={`${id}-scenario`}>{t('setup.rules.scenario')}</label>
                    <select id={`${id}-scenario`} value={rule.scenarioId} onChange={(e) => patch(index, { scenarioId: e.target.value })}>
                      {(scenarios.data?.items ?? []).map((scenario) => (
                        <option key={scenario.id} value={scenario.id}>
                          {scenario.name[language] ?? scenario.id}
                        </option>
                      ))}
                      {scenarios.data?.items.some((scenario) => scenario.id === rule.scenarioId) ? null : <option value={rule.scenarioId}>{rule.scenarioId}</option>}
                    </select>
                  </div>
                  <div className="field">
                    <label htmlFor={`${id}-segments`}>{t('setup.rules.segments')}</label>
                    <input id={`${id}-segments`} value={rule.segments} onChange={(e) => patch(index, { segments: e.target.value })} />
                    <p className="field-help">{t('setup.rules.segmentsHelp')}</p>
                  </div>
                  <fieldset className="field rule-risks">
                    <legend>{t('setup.rules.risk')}</legend>
                    {RISKS.map((risk) => (
                      <label key={risk} className="check">
                        <input
                          type="checkbox"
                          checked={rule.risks.includes(risk)}
                          onChange={(e) => patch(index, { risks: e.target.checked ? [...rule.risks, risk] : rule.risks.filter((r) => r !== risk) })}
                        />
                        {t(`setup.risk.${risk}`)}
                      </label>
                    ))}
                    <p className="field-help">{t('setup.rules.riskAny')}</p>
                  </fieldset>
                  <div className="field">
                    <label htmlFor={`${id}-min`}>{t('setup.rules.minBalance')}</label>
                    <span className="money-input">
                      <input id={`${id}-min`} inputMode="decimal" className="input-narrow" value={rule.min} onChange={(e) => patch(index, { min: e.target.value })} />
                      <span className="money-currency">{currency}</span>
                    </span>
                  </div>
                  <div className="field">
                    <label htmlFor={`${id}-max`}>{t('setup.rules.maxBalance')}</label>
                    <span className="money-input">
                      <input id={`${id}-max`} inputMode="decimal" className="input-narrow" value={rule.max} onChange={(e) => patch(index, { max: e.target.value })} />
                      <span className="money-currency">{currency}</span>
                    </span>
                  </div>
                </div>
                {problem ? (
                  <p className="field-error" data-testid="field-error">
                    {problem}
                  </p>
                ) : null}
                <div className="rule-actions">
                  <button type="button" id={`${id}-up`} className="button button-secondary button-small" disabled={index === 0} onClick={() => move(index, -1)}>
                    {t('setup.rules.moveUp', { number })}
                  </button>
                  <button type="button" id={`${id}-down`} className="button button-secondary button-small" disabled={index === rules.length - 1} onClick={() => move(index, 1)}>
                    {t('setup.rules.moveDown', { number })}
                  </button>
                  <button type="button" className="button button-secondary button-small" onClick={() => update(rules.filter((_, i) => i !== index))}>
                    {t('setup.rules.remove', { number })}
                  </button>
                </div>
              </fieldset>
            </li>
          );
        })}
      </ol>
      <div className="rule-summary" aria-live="polite" data-testid="rule-summary">
        {previewFailed ? <p className="notice notice-warning">{t('setup.rules.previewFailed')}</p> : null}
        {preview && !previewFailed ? (
          <>
            <p>{tn('setup.rules.default', preview.default, { scenario: scenarioName(preview.default_scenario_id) })}</p>
            {preview.manual > 0 ? <p>{tn('setup.rules.manual', preview.manual)}</p> : null}
          </>
        ) : null}
        {dirty ? <p className="field-help">{t('setup.rules.unsaved')}</p> : null}
      </div>
      <FailureNotice failure={action.failure} />
      {savedNow ? <Saved text={t('setup.rules.saved')} testId="rules-saved" /> : null}
      <div className="rule-actions">
        <button type="button" className="button button-secondary" onClick={add}>
          {t('setup.rules.add')}
        </button>
        <button type="button" className="button button-primary" disabled={action.busy} onClick={() => void save()}>
          {t('setup.rules.save')}
        </button>
      </div>
    </section>
  );
}
