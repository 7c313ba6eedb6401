import type { Role } from '../../core/roles.js';
import { frenchIban, frenchVatId, withLuhnDigit } from './company-identifiers.js';

/** The fictional creditor the demo loads: an IT consulting firm in Lyon. */
export const DEMO_ORGANIZATION_NAME = 'Atelier Numérique';

// Demo accounts use the reserved .example domain (RFC 2606) so no mail can reach anyone. Their
// passwords are generated when the demo is loaded: a server left reachable with the demo in it
// must not open to a password everyone knows.
export const DEMO_LOGIN = { email: 'demo@relance.example' } as const;

export interface DemoUser {
  email: string;
  name: string;
  role: Role;
}

/** Each demo user gets a password of its own at load; sales users own customer accounts. */
export const DEMO_USERS: readonly DemoUser[] = [
  { email: DEMO_LOGIN.email, name: 'Élise Fontaine', role: 'admin' },
  { email: 'camille.bernard@relance.example', name: 'Camille Bernard', role: 'collector' },
  { email: 'hugo.lefevre@relance.example', name: 'Hugo Lefèvre', role: 'sales' },
  { email: 'sarah.benali@relance.example', name: 'Sarah Benali', role: 'sales' },
  { email: 'thomas.girard@relance.example', name: 'Thomas Girard', role: 'sales' },
  { email: 'julie.moreau@relance.example', name: 'Julie Moreau', role: 'viewer' },
];

export const DEMO_SALES_EMAILS: readonly string[] = DEMO_USERS.filter((u) => u.role === 'sales').map((u) => u.email);

export interface DemoOrganization {
  name: string;
  legalName: string;
  country: string;
  currency: string;
  timeZone: string;
  locale: string;
  registrationId: string;
  vatId: string;
  address: string;
  bankAccounts: Array<{ label: string; iban: string; bic: string }>;
  defaultTerms: string;
}

const SIREN = withLuhnDigit('91234567');

export const DEMO_ORGANIZATION: DemoOrganization = {
  name: DEMO_ORGANIZATION_NAME,
  legalName: 'Atelier Numérique SAS',
  country: 'FR',
  currency: 'EUR',
  timeZone: 'Europe/Paris',
  locale: 'fr',
  // SIRET = SIREN + establishment number, the whole with a Luhn digit.
  registrationId: withLuhnDigit(`${SIREN}0001`),
  vatId: frenchVatId(SIREN),
  address: '12 rue des Tanneurs, 69007 Lyon, France',
  // "DEMO" is no bank's code: a BIC that looks right and routes nowhere.
  bankAccounts: [{ label: 'Compte courant', iban: frenchIban('19990', '00042', '00012345678'), bic: 'DEMOFRPPXXX' }],
  defaultTerms: 'net 30',
};

/** Who signs the demo's reminders, and how a customer reaches them (a number no one answers). */
export const DEMO_SENDER = { senderName: 'Camille Bernard', senderEmail: 'comptabilite@atelier-numerique.example', senderPhone: '+33 4 00 00 00 00' } as const;

/** The collection partner hand-off notices are signed by: without one, no hand-off can be approved. */
export const DEMO_COLLECTION_PARTNER = { agencyName: 'Cabinet Recouvrement Rhône SARL', agencyEmail: 'dossiers@recouvrement-rhone.example', agencyPhone: '+33 4 00 00 00 99' } as const;

/** What `relance demo` and the first start load unless told otherwise: enough to look lived-in, quick to load. */
export const DEMO_DEFAULTS = { customers: 400, invoices: 6000, seed: 1 } as const;
