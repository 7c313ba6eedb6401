import type { Db } from '../../adapters/db/database.js';
import type { OrganizationRow } from '../../adapters/db/schema.js';
import { cancelAction } from '../../adapters/db/stores/collection-actions.js';
import { findScenario } from '../../adapters/db/stores/collection-scenarios.js';
import { cancelOpenTask } from '../../adapters/db/stores/collection-tasks.js';
import { addTimelineEvent } from '../../adapters/db/stores/collection-timeline.js';
import { inTransaction } from '../../adapters/db/stores/in-transaction.js';
import { listOpenInvoices } from '../../adapters/db/stores/open-items.js';
import type { PlainDate } from '../../core/plain-date.js';

/**
 * Steps waiting for a person's approval whose invoices have all been paid or credited since the
 * run wrote them are withdrawn before the day's planning: nobody is asked to approve a formal
 * notice to a customer who paid. The approval task closes with the reason, the timeline says
 * so, and the step is free again should something fall due later. A step with part of its
 * invoices still open stays: approving it rewrites its figures from the ledger of that day.
 */
export async function withdrawSettledApprovals(db: Db, organization: OrganizationRow, asOf: PlainDate): Promise<number> {
  const organizationId = organization.id;
  const waiting = await db.kysely
    .selectFrom('collection_actions')
    .select(['id', 'customer_id', 'scenario_id', 'step_id', 'invoice_numbers'])
    .where('organization_id', '=', organizationId)
    .where('status', '=', 'awaiting_approval')
    .execute();
  let withdrawn = 0;
  for (const action of waiting) {
    const listed = JSON.parse(action.invoice_numbers) as string[];
    const open = new Set((await listOpenInvoices(db, organizationId, { customerId: action.customer_id })).filter((invoice) => invoice.openMinor > 0).map((invoice) => invoice.number));
    if (listed.some((number) => open.has(number))) continue;
    const step = (await findScenario(db, organizationId, action.scenario_id))?.steps.find((candidate) => candidate.id === action.step_id);
    const name = { en: step?.name.en ?? action.step_id, fr: step?.name.fr ?? action.step_id };
    await inTransaction(db, async (tx) => {
      const note = 'withdrawn before approval: every invoice it named has been paid or credited';
      await cancelAction(tx, organizationId, action.id, note);
      const tasks = await tx.kysely.selectFrom('collection_tasks').select('id').where('organization_id', '=', organizationId).where('action_id', '=', action.id).where('status', '=', 'open').execute();
      for (const task of tasks) await cancelOpenTask(tx, organizationId, task.id, note);
      await addTimelineEvent(tx, organizationId, {
        customerId: action.customer_id,
        occurredOn: asOf,
        kind: 'approval',
        summary: {
          en: `Step "${name.en}" withdrawn before approval: every invoice it named has been paid or credited`,
          fr: `Étape « ${name.fr} » retirée avant approbation : toutes les factures qu'elle citait sont payées ou couvertes par un avoir`,
        },
        subjectId: action.id,
      });
    });
    withdrawn += 1;
  }
  return withdrawn;
}
