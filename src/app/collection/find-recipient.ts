import type { ContactRow, CustomerRow } from '../../adapters/db/schema.js';
import type { Channel } from '../../core/scenarios/scenario.js';

export interface Recipient {
  name?: string;
  email?: string;
  phone?: string;
  postalAddress?: string;
}

/** The contact a channel reaches: the accounts-payable contact first, then any with the address. */
export function findRecipient(customer: CustomerRow, contacts: readonly ContactRow[], channel: Channel): Recipient | null {
  const ordered = [...contacts.filter((c) => c.role === 'accounts_payable'), ...contacts.filter((c) => c.role !== 'accounts_payable')];
  const pick = (has: (c: ContactRow) => boolean) => ordered.find(has);
  const name = (c: ContactRow) => c.name ?? customer.name;
  switch (channel) {
    case 'email': {
      const c = pick((x) => !!x.email);
      return c ? { name: name(c), email: c.email! } : null;
    }
    case 'sms': {
      const c = pick((x) => !!x.phone);
      return c ? { name: name(c), phone: c.phone! } : null;
    }
    case 'letter':
    case 'registered_letter': {
      const c = pick((x) => !!x.address);
      return c ? { name: customer.name, postalAddress: c.address! } : null;
    }
    default:
      return null;
  }
}
