import { compactIdentifier, type Buyer } from './einvoice.js';

/** A customer as the buyer of an e-invoice is compared with it. */
export interface KnownCustomer {
  id: string;
  externalRef: string;
  name: string;
  registrationId: string | null;
  vatId: string | null;
}

/** What identified the customer. */
export type BuyerMatchedBy = 'registration' | 'vat' | 'reference' | 'name';

export type BuyerMatch<C extends KnownCustomer> = { found: C; by: BuyerMatchedBy } | { ambiguous: C[]; by: BuyerMatchedBy } | { none: true };

/** A name compared without case, accents, punctuation or repeated spaces. */
export function comparableName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** The buyer's SIRENs and SIRETs; a SIRET's first nine digits are the company's SIREN. */
export function registrationsOf(buyer: Buyer): string[] {
  return buyer.ids.filter((id) => id.scheme === 'siren' || id.scheme === 'siret').map((id) => id.value);
}

export function vatsOf(buyer: Buyer): string[] {
  return buyer.ids.filter((id) => id.scheme === 'vat').map((id) => id.value);
}

function sameRegistration(stored: string | null, given: readonly string[]): boolean {
  if (stored === null) return false;
  const mine = compactIdentifier(stored);
  if (mine === '') return false;
  // A SIREN and a SIRET of the same company agree on the first nine digits.
  return given.some((g) => g === mine || (/^\d{9}$/.test(mine) && g.startsWith(mine)) || (/^\d{9}$/.test(g) && mine.startsWith(g) && /^\d{14}$/.test(mine)));
}

/**
 * Which customer an e-invoice's buyer is, most certain first: its registration number (SIREN or
 * SIRET), its VAT number, an identifier the customer is referenced by (a GLN…), its name. The
 * first test that finds customers decides; two customers found by the same test are ambiguous,
 * never a guess.
 */
export function findBuyer<C extends KnownCustomer>(buyer: Buyer, customers: readonly C[]): BuyerMatch<C> {
  const registrations = registrationsOf(buyer);
  const vats = vatsOf(buyer);
  const refs = buyer.ids.map((id) => id.value);
  const name = comparableName(buyer.name);
  const tests: Array<[BuyerMatchedBy, (c: C) => boolean]> = [
    ['registration', (c) => registrations.length > 0 && sameRegistration(c.registrationId, registrations)],
    ['vat', (c) => c.vatId !== null && vats.includes(compactIdentifier(c.vatId))],
    ['reference', (c) => refs.includes(c.externalRef) || refs.includes(compactIdentifier(c.externalRef))],
    ['name', (c) => name !== '' && comparableName(c.name) === name],
  ];
  for (const [by, test] of tests) {
    const found = customers.filter(test);
    if (found.length === 1) return { found: found[0]!, by };
    if (found.length > 1) return { ambiguous: found, by };
  }
  return { none: true };
}

/**
 * The reference a customer created from an e-invoice is given: its strongest identifier (SIRET,
 * SIREN, VAT number, GLN…), else its name. An accounting export that later names the customer
 * by another code creates another customer: merge them by hand.
 */
export function newCustomerRef(buyer: Buyer, maxLength: number): string {
  return (buyer.ids[0]?.value ?? buyer.name).slice(0, maxLength);
}

// Countries whose one business language is among the languages Relance writes reminders in.
const COUNTRY_LANGUAGES: Record<string, string> = { FR: 'fr', MC: 'fr', LU: 'fr', DE: 'de', AT: 'de', LI: 'de', NL: 'nl' };

/**
 * The language a customer created from an e-invoice is written to in: the organization's for a
 * buyer in its own country or with no country given, that of the buyer's country when Relance
 * writes it, English for the rest. Belgium and Switzerland have several: the organization's
 * language there when Relance writes it to such a country, else French.
 */
export function languageForBuyer(country: string | null, organizationCountry: string, organizationLanguage: string): string {
  if (country === null || country === organizationCountry) return organizationLanguage;
  if (country === 'BE') return ['fr', 'nl', 'de'].includes(organizationLanguage) ? organizationLanguage : 'fr';
  if (country === 'CH') return ['fr', 'de'].includes(organizationLanguage) ? organizationLanguage : 'fr';
  return COUNTRY_LANGUAGES[country] ?? 'en';
}
