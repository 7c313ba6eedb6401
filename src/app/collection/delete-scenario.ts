import { AppError } from '../../core/app-error.js';
import { findBuiltInScenario } from '../../core/scenarios/built-in.js';
import type { Db } from '../../adapters/db/database.js';
import { countManualAssignments, deleteCustomScenario, listAssignmentRules } from '../../adapters/db/stores/collection-scenarios.js';
import { getCollectionSettings } from '../../adapters/db/stores/collection-settings.js';

/**
 * Deletes one of the organization's own scenarios. One still named by a rule, a customer or the
 * default setting stays: the run would silently fall back to the standard scenario otherwise.
 * A custom scenario that replaced a built-in one may go, since the built-in one takes over.
 */
export async function deleteScenario(db: Db, organizationId: string, scenarioId: string): Promise<void> {
  const builtIn = findBuiltInScenario(scenarioId) !== undefined;
  if (!builtIn) {
    const rules = await listAssignmentRules(db, organizationId);
    const ruleIndex = rules.findIndex((rule) => rule.scenarioId === scenarioId);
    if (ruleIndex >= 0) throw new AppError('conflict', `scenario ${scenarioId} is used by assignment rule ${ruleIndex + 1}`, { field: 'id' });
    const customers = await countManualAssignments(db, organizationId, scenarioId);
    if (customers > 0) throw new AppError('conflict', `scenario ${scenarioId} is chosen by hand for ${customers} customer${customers === 1 ? '' : 's'}`, { field: 'id' });
    if ((await getCollectionSettings(db, organizationId)).defaultScenarioId === scenarioId) {
      throw new AppError('conflict', `scenario ${scenarioId} is the default scenario`, { field: 'id' });
    }
  }
  if (!(await deleteCustomScenario(db, organizationId, scenarioId))) {
    throw new AppError('not_found', builtIn ? `scenario ${scenarioId} is built in and cannot be deleted` : `scenario ${scenarioId} does not exist`, { field: 'id' });
  }
}
