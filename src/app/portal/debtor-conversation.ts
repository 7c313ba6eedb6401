import type { Db } from '../../adapters/db/database.js';
import { listCustomerDebtorRequests } from '../../adapters/db/stores/debtor-requests.js';
import { debtorRequestViews, type DebtorRequestView } from './debtor-request-view.js';
import type { PageAccess } from './record-debtor-request.js';

/** What the customer asked on its page and what the creditor answered, newest first. */
export interface DebtorConversation {
  items: DebtorRequestView[];
}

/** The last requests shown on a page: a customer's dialogue rarely runs longer. */
const CONVERSATION_LENGTH = 50;

export async function loadDebtorConversation(db: Db, access: PageAccess): Promise<DebtorConversation> {
  const rows = await listCustomerDebtorRequests(db, access.organizationId, access.customerId, CONVERSATION_LENGTH);
  // Most pages have no request at all: nothing more to read then.
  return { items: rows.length === 0 ? [] : await debtorRequestViews(db, access.organizationId, rows) };
}
