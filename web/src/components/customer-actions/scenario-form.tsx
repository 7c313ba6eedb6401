import { useState, type FormEvent } from 'react';
import { apiPut } from '../../api-client.js';
import type { Bilingual, Scenario } from '../../collection-types.js';
import { useI18n } from '../../i18n.js';
import { useApi } from '../../use-api.js';
import { FormField } from '../form-field.js';
import { ActionFailure, FormButtons, useAction } from './action-kit.js';
import type { ActionFormProps } from './action-types.js';

const RULES = '';

/** Chooses the customer's scenario by hand, or hands the choice back to the assignment rules. */
export function ScenarioForm({ customerPath, current, manual, onDone, onCancel }: ActionFormProps & { current: { id: string; name: Bilingual }; manual: boolean }) {
  const { t, language } = useI18n();
  const scenarios = useApi<{ items: Scenario[] }>('/api/scenarios');
  const [choice, setChoice] = useState(manual ? current.id : RULES);
  const action = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await action.run(async () => {
      await apiPut(`${customerPath}/scenario`, { scenario_id: choice === RULES ? null : choice });
      onDone(t('actions.scenario.done'));
    });
  };
  return (
    <form className="action-form" onSubmit={submit} noValidate aria-labelledby="scenario-form-title" data-testid="scenario-form">
      <h3 id="scenario-form-title" className="subheading">
        {t('actions.scenario.title')}
      </h3>
      <FormField id="scenario-choice" label={t('actions.scenario.label')} help={t('actions.scenario.current', { name: current.name[language] })} errors={[]}>
        <select id="scenario-choice" value={choice} onChange={(event) => setChoice(event.target.value)}>
          <option value={RULES}>{t('actions.scenario.rules')}</option>
          {(scenarios.data?.items ?? []).map((scenario) => (
            <option key={scenario.id} value={scenario.id}>
              {scenario.name[language]}
            </option>
          ))}
        </select>
      </FormField>
      <ActionFailure failure={action.failure ?? (scenarios.state === 'failed' ? scenarios.error : null)} fields={[]} />
      <FormButtons busy={action.busy} submit={t('actions.scenario.submit')} onCancel={onCancel} />
    </form>
  );
}
