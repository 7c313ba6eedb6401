import type { OrganizationRow } from '../../adapters/db/schema.js';
import type { CollectionSettings } from '../../adapters/db/stores/collection-settings.js';
import { bankDetailsOf } from '../bank-details.js';

/** Something missing from the settings that changes what customers receive, said once where a person looks. */
export interface SetupWarning {
  code: 'no_bank_details' | 'no_sender_email';
  message: string;
  /** Emails held, for `no_sender_email` (0 before a sending pass has counted them). */
  count?: number;
}

export function noBankDetailsWarning(organization: OrganizationRow): SetupWarning {
  return {
    code: 'no_bank_details',
    message: `${organization.name} has no bank details: messages go out without IBAN or BIC (set them in Settings, PUT /api/settings/bank-details or relance org set --iban … --bic …)`,
  };
}

export function noSenderEmailWarning(organization: OrganizationRow, held: number): SetupWarning {
  const what = held === 1 ? '1 email is' : `${held} emails are`;
  return {
    code: 'no_sender_email',
    count: held,
    message: `${organization.name} has no sender email: ${held > 0 ? what : 'emails are'} held in the outbox until one is set (Settings, "sender_email" in PUT /api/settings/collection)`,
  };
}

/** What a collection run should say before anything goes out. */
export function runWarnings(organization: OrganizationRow, settings: CollectionSettings): SetupWarning[] {
  return [...(bankDetailsOf(organization) ? [] : [noBankDetailsWarning(organization)]), ...(settings.senderEmail ? [] : [noSenderEmailWarning(organization, 0)])];
}
