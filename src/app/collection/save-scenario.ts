import { fileURLToPath } from 'node:url';
import { AppError, type ImportIssue } from '../../core/app-error.js';
import type { Scenario } from '../../core/scenarios/scenario.js';
import { validateScenario } from '../../core/scenarios/validate-scenario.js';
import type { Db } from '../../adapters/db/database.js';
import { saveCustomScenario } from '../../adapters/db/stores/collection-scenarios.js';
import { parseScenarioText } from '../../adapters/files/scenario-files.js';
import { readTemplateDirectory } from '../../adapters/templates/read-template-directory.js';

const TEMPLATE_DIR = fileURLToPath(new URL('../../../templates/', import.meta.url));

/** A step naming a template that does not exist would only fail on the day the run reaches it; say so now. */
function checkTemplatesExist(scenario: Scenario): void {
  const known = new Set(Object.keys(readTemplateDirectory(TEMPLATE_DIR)));
  const issues: ImportIssue[] = [];
  scenario.steps.forEach((step, index) => {
    for (const [language, templateId] of Object.entries(step.templates)) {
      if (!known.has(`${templateId}.${language}`)) issues.push({ field: `steps[${index}].templates.${language}`, message: `there is no template ${templateId}.${language}.liquid` });
    }
  });
  if (issues.length > 0) throw new AppError('validation_failed', `the scenario names templates that do not exist; first: ${issues[0]!.field}: ${issues[0]!.message}`, { field: issues[0]!.field! }, { issues });
}

/**
 * Checks and stores one of the organization's own scenarios, from a JSON value or from YAML/JSON
 * text. With `expectedId` (the id in the URL) the document must carry that id or none.
 */
export async function saveScenario(db: Db, organizationId: string, source: unknown, expectedId?: string): Promise<Scenario> {
  let scenario: Scenario;
  if (typeof source === 'string') {
    scenario = parseScenarioText(source);
  } else {
    const document = expectedId !== undefined && source !== null && typeof source === 'object' && !('id' in source) ? { id: expectedId, ...source } : source;
    scenario = validateScenario(document);
  }
  if (expectedId !== undefined && scenario.id !== expectedId) {
    throw new AppError('validation_failed', `the scenario's id "${scenario.id}" differs from the id in the address "${expectedId}"`, { field: 'id' });
  }
  checkTemplatesExist(scenario);
  await saveCustomScenario(db, organizationId, scenario);
  return scenario;
}
