import type { PlainDate } from '../../core/plain-date.js';
import { formatDateForLanguage } from '../../core/templates/format-for-language.js';
import type { Db } from '../../adapters/db/database.js';
import { addTimelineEvent } from '../../adapters/db/stores/collection-timeline.js';
import { inTransaction } from '../../adapters/db/stores/in-transaction.js';
import { listOpenInvoices } from '../../adapters/db/stores/open-items.js';
import { closePaymentClaim, listOpenPaymentClaims } from '../../adapters/db/stores/payment-claims.js';

/**
 * Closes the claims of "already paid" the ledger has answered, at the start of a day's run:
 * found when nothing is left open on the invoices claimed (a payment or credit settled them),
 * not found once the search days have passed with something still open — the run that follows
 * then reminds it again. Each closing lands in the customer's timeline. Returns how many closed.
 * `only` closes the found claims of these customers (a statement just paid their invoices).
 */
export async function settlePaymentClaims(db: Db, organizationId: string, asOf: PlainDate, only?: { customerIds: ReadonlySet<string>; foundOnly: true }): Promise<{ found: number; notFound: number }> {
  const settled = { found: 0, notFound: 0 };
  // A statement may bring the payment of a claim made after the payment's booking day.
  const claims = (await listOpenPaymentClaims(db, organizationId, only ? '9999-12-31' : asOf)).filter((claim) => !only || only.customerIds.has(claim.customer_id));
  for (const claim of claims) {
    const on = (claim.created_on > asOf ? claim.created_on : asOf) as PlainDate;
    const numbers = JSON.parse(claim.invoice_numbers) as string[];
    const open = (await listOpenInvoices(db, organizationId, { customerId: claim.customer_id })).filter((invoice) => invoice.openMinor > 0 && numbers.includes(invoice.number));
    const outcome = open.length === 0 ? 'found' : asOf > claim.until && !only?.foundOnly ? 'not_found' : null;
    if (outcome === null) continue;
    const paidOn = { en: formatDateForLanguage(claim.paid_on as PlainDate, 'en'), fr: formatDateForLanguage(claim.paid_on as PlainDate, 'fr') };
    const still = open.map((invoice) => invoice.number).join(', ');
    await inTransaction(db, async (tx) => {
      if (!(await closePaymentClaim(tx, organizationId, claim.id, outcome, on))) return;
      await addTimelineEvent(tx, organizationId, {
        customerId: claim.customer_id,
        occurredOn: on,
        kind: `payment_claim_${outcome}`,
        summary:
          outcome === 'found'
            ? { en: `The payment said to be made on ${paidOn.en} is on the ledger: ${numbers.join(', ')} settled`, fr: `Le paiement déclaré le ${paidOn.fr} est au grand livre : ${numbers.join(', ')} soldées` }
            : { en: `No payment found for what was said to be paid on ${paidOn.en}: reminders of ${still} resume`, fr: `Aucun paiement trouvé pour ce qui a été déclaré payé le ${paidOn.fr} : les relances de ${still} reprennent` },
        subjectId: claim.id,
      });
      settled[outcome === 'found' ? 'found' : 'notFound'] += 1;
    });
  }
  return settled;
}
