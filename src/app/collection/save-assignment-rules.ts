import { AppError, type ImportIssue } from '../../core/app-error.js';
import type { AssignmentRule } from '../../core/scenarios/assign-scenario.js';
import type { Db } from '../../adapters/db/database.js';
import { findScenario, replaceAssignmentRules } from '../../adapters/db/stores/collection-scenarios.js';

/** Replaces the ordered assignment rules after checking each names a scenario that exists and sane bounds. */
export async function saveAssignmentRules(db: Db, organizationId: string, rules: readonly AssignmentRule[]): Promise<AssignmentRule[]> {
  await checkAssignmentRules(db, organizationId, rules);
  await replaceAssignmentRules(db, organizationId, rules);
  return [...rules];
}

/** Refuses rules naming a scenario the organization does not have, or a balance range upside down. */
export async function checkAssignmentRules(db: Db, organizationId: string, rules: readonly AssignmentRule[]): Promise<void> {
  const issues: ImportIssue[] = [];
  const unknown: ImportIssue[] = [];
  for (const [index, rule] of rules.entries()) {
    if (!(await findScenario(db, organizationId, rule.scenarioId))) unknown.push({ field: `items[${index}].scenario_id`, message: `scenario ${rule.scenarioId} does not exist` });
    if (rule.minBalanceMinor !== undefined && rule.maxBalanceMinor !== undefined && rule.minBalanceMinor > rule.maxBalanceMinor) {
      issues.push({ field: `items[${index}].max_balance`, message: 'must not be smaller than min_balance' });
    }
  }
  // Like any id a body names, an unknown scenario is "not found" (another organization's own scenarios are not disclosed).
  if (unknown.length > 0) throw new AppError('not_found', unknown[0]!.message, { field: unknown[0]!.field! }, { issues: unknown });
  if (issues.length > 0) {
    throw new AppError('validation_failed', `the assignment rules are not valid: ${issues[0]!.field}: ${issues[0]!.message}`, { field: issues[0]!.field! }, { issues });
  }
}
