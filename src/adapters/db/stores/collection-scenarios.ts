import type { AssignmentRule } from '../../../core/scenarios/assign-scenario.js';
import { findBuiltInScenario } from '../../../core/scenarios/built-in.js';
import type { Scenario } from '../../../core/scenarios/scenario.js';
import type { Db } from '../database.js';
import { newId, nowIso } from '../ids.js';

/** The organization's assignment rules, in the order they are tried. */
export async function listAssignmentRules(db: Db, organizationId: string): Promise<AssignmentRule[]> {
  const rows = await db.kysely
    .selectFrom('scenario_assignment_rules')
    .select(['rule'])
    .where('organization_id', '=', organizationId)
    .orderBy('position')
    .execute();
  return rows.map((row) => JSON.parse(row.rule) as AssignmentRule);
}

/** Replaces every rule at once: the order is the meaning, so rules are saved as one list. */
export async function replaceAssignmentRules(db: Db, organizationId: string, rules: readonly AssignmentRule[]): Promise<void> {
  await db.kysely.deleteFrom('scenario_assignment_rules').where('organization_id', '=', organizationId).execute();
  if (rules.length === 0) return;
  const now = nowIso();
  await db.kysely
    .insertInto('scenario_assignment_rules')
    .values(rules.map((rule, position) => ({ id: newId(), organization_id: organizationId, position, rule: JSON.stringify(rule), created_at: now })))
    .execute();
}

export async function setManualScenarioId(db: Db, organizationId: string, customerId: string, scenarioId: string | null, setBy: string | null): Promise<void> {
  await db.kysely.deleteFrom('customer_scenarios').where('organization_id', '=', organizationId).where('customer_id', '=', customerId).execute();
  if (scenarioId === null) return;
  await db.kysely
    .insertInto('customer_scenarios')
    .values({ customer_id: customerId, organization_id: organizationId, scenario_id: scenarioId, set_by: setBy, updated_at: nowIso() })
    .execute();
}

/** Stores a scenario already checked by `validateScenario`, replacing one with the same id. */
export async function saveCustomScenario(db: Db, organizationId: string, scenario: Scenario): Promise<void> {
  const now = nowIso();
  await db.kysely
    .insertInto('custom_scenarios')
    .values({ id: newId(), organization_id: organizationId, scenario_id: scenario.id, definition: JSON.stringify(scenario), created_at: now, updated_at: now })
    .onConflict((oc) => oc.columns(['organization_id', 'scenario_id']).doUpdateSet({ definition: JSON.stringify(scenario), updated_at: now }))
    .execute();
}

/** A scenario by id: the organization's own first, then the built-in ones. */
export async function findScenario(db: Db, organizationId: string, scenarioId: string): Promise<Scenario | undefined> {
  const row = await db.kysely
    .selectFrom('custom_scenarios')
    .select(['definition'])
    .where('organization_id', '=', organizationId)
    .where('scenario_id', '=', scenarioId)
    .executeTakeFirst();
  if (row) return JSON.parse(row.definition) as Scenario;
  return findBuiltInScenario(scenarioId);
}

/** The organization's own scenarios, by id. */
export async function listCustomScenarios(db: Db, organizationId: string): Promise<Scenario[]> {
  const rows = await db.kysely.selectFrom('custom_scenarios').select(['definition']).where('organization_id', '=', organizationId).orderBy('scenario_id').execute();
  return rows.map((row) => JSON.parse(row.definition) as Scenario);
}

/** Removes one of the organization's own scenarios; false when it has none with that id. */
export async function deleteCustomScenario(db: Db, organizationId: string, scenarioId: string): Promise<boolean> {
  const result = await db.kysely.deleteFrom('custom_scenarios').where('organization_id', '=', organizationId).where('scenario_id', '=', scenarioId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** How many customers have this scenario chosen by hand. */
export async function countManualAssignments(db: Db, organizationId: string, scenarioId: string): Promise<number> {
  const row = await db.kysely
    .selectFrom('customer_scenarios')
    .select((eb) => eb.fn.countAll().as('count'))
    .where('organization_id', '=', organizationId)
    .where('scenario_id', '=', scenarioId)
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}
