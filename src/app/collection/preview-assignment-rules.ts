import type { PlainDate } from '../../core/plain-date.js';
import type { AssignmentRule } from '../../core/scenarios/assign-scenario.js';
import type { Db } from '../../adapters/db/database.js';
import type { OrganizationRow } from '../../adapters/db/schema.js';
import { getCollectionSettings } from '../../adapters/db/stores/collection-settings.js';
import { listCustomers } from '../../adapters/db/stores/customers.js';
import { checkAssignmentRules } from './save-assignment-rules.js';
import { loadPlanningContext, planCustomers, PLANNING_BATCH_SIZE } from './plan-customer-collection.js';

/** How many customers each draft rule would take, and how many go elsewhere. */
export interface AssignmentPreview {
  /** One count per rule, in the order given: customers for whom that rule is the first match. */
  rules: number[];
  /** Customers whose scenario was chosen by hand: no rule applies to them. */
  manual: number;
  /** Customers no rule matches: they get the default scenario. */
  default: number;
  default_scenario_id: string;
  total: number;
}

/**
 * Plans every customer with the draft rules in place of the saved ones, through the run's
 * own planning (the same facts, risk and `assignScenario`), so a count is what the next run
 * would assign. Writes nothing.
 */
export async function previewAssignmentRules(db: Db, organization: OrganizationRow, rules: readonly AssignmentRule[], asOf: PlainDate): Promise<AssignmentPreview> {
  await checkAssignmentRules(db, organization.id, rules);
  const settings = await getCollectionSettings(db, organization.id);
  const planning = { ...(await loadPlanningContext(db, organization, settings)), rules: [...rules] };
  const customers = await listCustomers(db, organization.id);
  const preview: AssignmentPreview = { rules: rules.map(() => 0), manual: 0, default: 0, default_scenario_id: settings.defaultScenarioId, total: customers.length };
  for (let start = 0; start < customers.length; start += PLANNING_BATCH_SIZE) {
    for (const { assignment } of await planCustomers(db, planning, customers.slice(start, start + PLANNING_BATCH_SIZE), asOf)) {
      if (assignment.source === 'rule') preview.rules[assignment.ruleIndex!]! += 1;
      else if (assignment.source === 'manual') preview.manual += 1;
      else preview.default += 1;
    }
  }
  return preview;
}
