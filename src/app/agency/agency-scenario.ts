import { checkAgencyScenarioSteps, type AgencyScenarioStepSetting } from '../../core/mandates/agency-scenario-steps.js';
import type { Db } from '../../adapters/db/database.js';
import { getAgencyScenarioRow, putAgencyScenario } from '../../adapters/db/stores/agency-scenarios.js';
import { AGENCY_STEPS, type AgencyStep, type AgencyTemplateId } from './agency-run-templates.js';

/** A letter of the agency's scenario as the agency set it. */
export interface AgencyScenarioStep {
  key: AgencyStep['key'];
  template: AgencyTemplateId;
  day: number;
  enabled: boolean;
}

export interface AgencyScenarioJson {
  steps: AgencyScenarioStep[];
  /** When the agency last changed its steps; null while it keeps the built-in days. */
  updated_at: string | null;
}

/** The letters in words, for refusals a person reads. */
export const AGENCY_STEP_WORDS: Record<AgencyStep['key'], { en: string; fr: string }> = {
  first_letter: { en: 'first letter', fr: 'première lettre' },
  reminder: { en: 'reminder', fr: 'rappel' },
  last_notice: { en: 'last notice before legal action', fr: 'dernier avis avant poursuites' },
};

const KNOWN = AGENCY_STEPS.map((step) => ({ key: step.key, day: step.day, words: AGENCY_STEP_WORDS[step.key] }));

function withTemplates(settings: readonly AgencyScenarioStepSetting[]): AgencyScenarioStep[] {
  return AGENCY_STEPS.map((step) => {
    const setting = settings.find((candidate) => candidate.key === step.key);
    return { key: step.key, template: step.templateId, day: setting?.day ?? step.day, enabled: setting?.enabled ?? false };
  });
}

/** The agency's scenario: its own days and letters, or the built-in ones (every letter, days 0, 10, 20) until it sets its own. */
export async function getAgencyScenario(db: Db, agencyOrganizationId: string): Promise<AgencyScenarioJson> {
  const row = await getAgencyScenarioRow(db, agencyOrganizationId);
  if (!row) return { steps: AGENCY_STEPS.map((step) => ({ key: step.key, template: step.templateId, day: step.day, enabled: true })), updated_at: null };
  return { steps: withTemplates(JSON.parse(row.steps) as AgencyScenarioStepSetting[]), updated_at: row.updated_at };
}

/** Saves the agency's steps once checked (see `checkAgencyScenarioSteps`): its next run follows them. */
export async function saveAgencyScenario(db: Db, agencyOrganizationId: string, steps: readonly AgencyScenarioStepSetting[]): Promise<AgencyScenarioJson> {
  const checked = checkAgencyScenarioSteps(steps, KNOWN);
  await putAgencyScenario(db, agencyOrganizationId, JSON.stringify(checked));
  return getAgencyScenario(db, agencyOrganizationId);
}
