import { BUILT_IN_SCENARIOS } from '../../../core/scenarios/built-in.js';
import type { Scenario } from '../../../core/scenarios/scenario.js';
import type { Db } from '../../../adapters/db/database.js';
import { listCustomScenarios } from '../../../adapters/db/stores/collection-scenarios.js';

export interface ListedScenario {
  scenario: Scenario;
  source: 'built_in' | 'custom';
}

/**
 * The scenarios an organization can assign: the built-in ones, then its own. An own scenario
 * with a built-in id replaces it, as `findScenario` does when the run looks one up.
 */
export async function listVisibleScenarios(db: Db, organizationId: string): Promise<ListedScenario[]> {
  const custom = new Map((await listCustomScenarios(db, organizationId)).map((scenario) => [scenario.id, scenario]));
  const listed: ListedScenario[] = BUILT_IN_SCENARIOS.map((scenario) => {
    const own = custom.get(scenario.id);
    return own ? { scenario: own, source: 'custom' } : { scenario, source: 'built_in' };
  });
  for (const [id, scenario] of custom) {
    if (!BUILT_IN_SCENARIOS.some((builtIn) => builtIn.id === id)) listed.push({ scenario, source: 'custom' });
  }
  return listed;
}
