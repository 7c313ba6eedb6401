import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { AppError } from '../../core/app-error.js';
import * as m0001 from './migrations/0001-ledger.js';
import * as m0002 from './migrations/0002-late-fees.js';
import * as m0003 from './migrations/0003-collection.js';
import * as m0004 from './migrations/0004-outbox.js';
import * as m0005 from './migrations/0005-webhooks.js';
import * as m0006 from './migrations/0006-allocation-indexes.js';
import * as m0007 from './migrations/0007-organization-templates.js';
import * as m0008 from './migrations/0008-call-outcomes.js';
import * as m0009 from './migrations/0009-statement-attachment.js';
import * as m0010 from './migrations/0010-invoice-files.js';
import * as m0011 from './migrations/0011-sender-phone.js';
import * as m0012 from './migrations/0012-agency-identity.js';
import * as m0013 from './migrations/0013-escalation-rules.js';
import * as m0014 from './migrations/0014-holiday-region.js';
import * as m0015 from './migrations/0015-sign-in-failures.js';
import * as m0016 from './migrations/0016-amount-indexes.js';
import * as m0017 from './migrations/0017-user-email-per-organization.js';
import * as m0018b from './migrations/0018-b-customer-notes.js';
import * as m0018c from './migrations/0018-c-invoice-reminder-exclusions.js';
import * as m0018d from './migrations/0018-d-task-inbox-and-outbox-holds.js';
import * as m0019c from './migrations/0019-c-promise-amount.js';
import * as m0018f from './migrations/0018-f-channel-settings.js';
import * as m0019d from './migrations/0019-d-task-stakes.js';
import * as m0020o from './migrations/0020-o-stored-open-amounts.js';
import * as m0022o from './migrations/0022-o-sales-period-indexes.js';
import * as m0020p from './migrations/0020-p-customer-page-indexes.js';
import * as m0021p from './migrations/0021-p-customer-task-indexes.js';
import * as m0024p from './migrations/0024-p-customer-statement-indexes.js';
import * as m0023t from './migrations/0023-t-worklist-standings.js';
import * as m0025m from './migrations/0025-m-open-currency-indexes.js';
import * as m0030f from './migrations/0030-f-customer-figures.js';
import * as m0036f from './migrations/0036-f-payment-claims.js';
import * as m0037f from './migrations/0037-f-bank-line-payments.js';
import * as m0031s from './migrations/0031-s-customer-identifier-search.js';
import * as m0032s from './migrations/0032-s-customer-name-search.js';
import * as m0033p from './migrations/0033-p-payment-references.js';
import * as m0034b from './migrations/0034-b-bank-accounts-and-lines.js';
import * as m0038a from './migrations/0038-a-portal-links.js';
import * as m0039p from './migrations/0039-p-portal-settings.js';
import * as m0040b from './migrations/0040-b-debtor-requests.js';
import * as m0041e from './migrations/0041-e-inbound-replies.js';
import * as m0042m from './migrations/0042-m-mandates.js';
import * as m0043m from './migrations/0043-m-handoff-partner.js';
import * as m0044h from './migrations/0044-h-agency-scenario.js';

// Numbered and append-only: a released migration is never edited, a change is a new file.
export const MIGRATIONS: Record<string, Migration> = {
  '0001-ledger': m0001,
  '0002-late-fees': m0002,
  '0003-collection': m0003,
  '0004-outbox': m0004,
  '0005-webhooks': m0005,
  '0006-allocation-indexes': m0006,
  '0007-organization-templates': m0007,
  '0008-call-outcomes': m0008,
  '0009-statement-attachment': m0009,
  '0010-invoice-files': m0010,
  '0011-sender-phone': m0011,
  '0012-agency-identity': m0012,
  '0013-escalation-rules': m0013,
  '0014-holiday-region': m0014,
  '0015-sign-in-failures': m0015,
  '0016-amount-indexes': m0016,
  '0017-user-email-per-organization': m0017,
  '0018-b-customer-notes': m0018b,
  '0018-c-invoice-reminder-exclusions': m0018c,
  '0018-d-task-inbox-and-outbox-holds': m0018d,
  '0019-c-promise-amount': m0019c,
  '0018-f-channel-settings': m0018f,
  '0019-d-task-stakes': m0019d,
  '0020-o-stored-open-amounts': m0020o,
  '0022-o-sales-period-indexes': m0022o,
  '0020-p-customer-page-indexes': m0020p,
  '0021-p-customer-task-indexes': m0021p,
  '0024-p-customer-statement-indexes': m0024p,
  '0023-t-worklist-standings': m0023t,
  '0025-m-open-currency-indexes': m0025m,
  '0030-f-customer-figures': m0030f,
  '0036-f-payment-claims': m0036f,
  '0037-f-bank-line-payments': m0037f,
  '0031-s-customer-identifier-search': m0031s,
  '0032-s-customer-name-search': m0032s,
  '0033-p-payment-references': m0033p,
  '0034-b-bank-accounts-and-lines': m0034b,
  '0038-a-portal-links': m0038a,
  '0039-p-portal-settings': m0039p,
  '0040-b-debtor-requests': m0040b,
  '0041-e-inbound-replies': m0041e,
  '0042-m-mandates': m0042m,
  '0043-m-handoff-partner': m0043m,
  '0044-h-agency-scenario': m0044h,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

export async function migrateToLatest(db: Kysely<any>): Promise<void> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new AppError('configuration', `database migration ${failed} failed: ${String(error)}`, {}, { cause: error });
  }
}
