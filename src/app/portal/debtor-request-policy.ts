import { AppError } from '../../core/app-error.js';
import { moneyFromJson, toMoneyJson, type MoneyJson } from '../../core/money.js';
import type { Db } from '../../adapters/db/database.js';
import type { OrganizationRow } from '../../adapters/db/schema.js';
import { getDebtorRequestPolicy, saveDebtorRequestPolicy, type DebtorRequestPolicy } from '../../adapters/db/stores/debtor-requests.js';

/** What a customer may settle alone on its page, as the collection settings show it. */
export interface DebtorPolicyJson {
  promise_max_days: number;
  plan_max_months: number;
  plan_min_instalment: MoneyJson;
  plan_max_amount: MoneyJson;
}

export async function debtorPolicyJson(db: Db, organization: OrganizationRow): Promise<DebtorPolicyJson> {
  const policy = await getDebtorRequestPolicy(db, organization.id);
  return {
    promise_max_days: policy.promiseMaxDays,
    plan_max_months: policy.planMaxMonths,
    plan_min_instalment: toMoneyJson(policy.planMinInstalmentMinor, organization.currency),
    plan_max_amount: toMoneyJson(policy.planMaxMinor, organization.currency),
  };
}

function minorIn(organization: OrganizationRow, json: MoneyJson, field: string): number {
  const { minor, currency } = moneyFromJson(json, field);
  if (currency !== organization.currency) throw new AppError('validation_failed', `${field} must be in ${organization.currency}, the organization's currency`, { field: `${field}.currency` });
  if (minor < 0) throw new AppError('validation_failed', `${field} must not be negative`, { field });
  return minor;
}

/** Changes the debtor page policy; the fields left out keep their value. */
export async function updateDebtorPolicy(db: Db, organization: OrganizationRow, json: Partial<DebtorPolicyJson>): Promise<void> {
  const field = 'debtor_page_policy';
  const changes: Partial<DebtorRequestPolicy> = {
    ...(json.promise_max_days !== undefined ? { promiseMaxDays: json.promise_max_days } : {}),
    ...(json.plan_max_months !== undefined ? { planMaxMonths: json.plan_max_months } : {}),
    ...(json.plan_min_instalment ? { planMinInstalmentMinor: minorIn(organization, json.plan_min_instalment, `${field}.plan_min_instalment`) } : {}),
    ...(json.plan_max_amount ? { planMaxMinor: minorIn(organization, json.plan_max_amount, `${field}.plan_max_amount`) } : {}),
  };
  await saveDebtorRequestPolicy(db, organization.id, changes);
}
