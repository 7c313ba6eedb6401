import { belgianEnterpriseNumber, frenchVatId, withLuhnDigit } from './company-identifiers.js';
import { DEMO_SALES_EMAILS } from './demo-organization.js';
import {
  BELGIAN_DUTCH_CITIES,
  BELGIAN_DUTCH_FIRST_NAMES,
  BELGIAN_DUTCH_SURNAMES,
  BELGIAN_FRENCH_CITIES,
  BELGIAN_FRENCH_STREETS,
  BELGIAN_FRENCH_SURNAMES,
  BELGIAN_FRENCH_TRADES,
  BRAND_ENDINGS,
  BRAND_STEMS,
  DUTCH_STREETS,
  DUTCH_TRADES,
  ENGLISH_BRANDS,
  ENGLISH_FIRST_NAMES,
  FRENCH_ACTIVITIES,
  FRENCH_CITIES,
  FRENCH_FIRST_NAMES,
  FRENCH_LEGAL_FORMS,
  FRENCH_STREETS,
  FRENCH_SURNAMES,
  FRENCH_TRADES,
  GERMAN_FIRST_NAMES,
  GERMAN_SURNAMES,
  PLACES,
  PUBLIC_BODIES,
  type City,
} from './demo-word-lists.js';
import type { SeededRandom } from './seeded-random.js';

export const DEMO_SEGMENTS = ['TPE', 'PME', 'Grand compte', 'Public'] as const;
export type DemoSegment = (typeof DEMO_SEGMENTS)[number];

export interface DemoContact {
  role: 'accounts_payable' | 'owner';
  name: string;
  email: string;
  phone: string;
  address: string | null;
}

/** Who a demo customer is: everything but its documents. */
export interface DemoCustomerIdentity {
  name: string;
  country: 'FR' | 'BE';
  registrationId: string;
  vatId: string;
  language: 'fr' | 'en' | 'nl' | 'de';
  segment: DemoSegment;
  /** Email of the sales user who owns the account. */
  accountOwner: string;
  creditLimitMinor: number | null;
  paymentTerms: string;
  contacts: DemoContact[];
}

const LEGAL_SUFFIX = /\s+(SAS|SARL|SA|EURL|SASU|BV|NV|SRL)$/;

function slug(text: string, separator = '-'): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, separator)
    .replace(new RegExp(`^\\${separator}+|\\${separator}+$`, 'g'), '');
}

function brand(r: SeededRandom): string {
  return `${r.pick(BRAND_STEMS)}${r.pick(BRAND_ENDINGS)}`;
}

function frenchCompanyName(r: SeededRandom, segment: DemoSegment, city: City): string {
  if (segment === 'Public') return `${r.pick(PUBLIC_BODIES)} ${city.name}`;
  if (segment === 'Grand compte') {
    switch (r.int(0, 3)) {
      case 0:
        return `Groupe ${r.pick(FRENCH_SURNAMES)}`;
      case 1:
        return `${brand(r)} Industries SA`;
      case 2:
        return `${brand(r)} France SAS`;
      default:
        return `${r.pick(FRENCH_SURNAMES)} ${r.pick(FRENCH_ACTIVITIES)} SA`;
    }
  }
  switch (r.weighted([[0, segment === 'TPE' ? 5 : 2], [1, 3], [2, 2], [3, 1], [4, 1]] as const)) {
    case 0:
      return `${r.pick(FRENCH_TRADES)} ${r.pick(FRENCH_SURNAMES)}${r.chance(0.4) ? ` ${r.pick(FRENCH_LEGAL_FORMS)}` : ''}`;
    case 1:
      return `${r.pick(FRENCH_SURNAMES)} ${r.pick(FRENCH_ACTIVITIES)} ${r.pick(FRENCH_LEGAL_FORMS)}`;
    case 2:
      return `${brand(r)} ${r.pick(FRENCH_LEGAL_FORMS)}`;
    case 3:
      return `${r.pick(FRENCH_TRADES)} ${r.pick(PLACES)}`;
    default:
      return r.chance(0.5) ? `${r.pick(FRENCH_SURNAMES)} & Fils` : `${r.pick(FRENCH_SURNAMES)} et Associés`;
  }
}

function personName(r: SeededRandom, country: 'FR' | 'BE', language: string): string {
  if (language === 'nl') return `${r.pick(BELGIAN_DUTCH_FIRST_NAMES)} ${r.pick(BELGIAN_DUTCH_SURNAMES)}`;
  if (language === 'de') return `${r.pick(GERMAN_FIRST_NAMES)} ${r.pick(GERMAN_SURNAMES)}`;
  if (language === 'en') return `${r.pick(ENGLISH_FIRST_NAMES)} ${r.pick(FRENCH_SURNAMES)}`;
  return `${r.pick(FRENCH_FIRST_NAMES)} ${r.pick(country === 'BE' ? BELGIAN_FRENCH_SURNAMES : FRENCH_SURNAMES)}`;
}

function pairs(digits: string): string {
  return digits.replace(/(\d\d)(?=\d)/g, '$1 ');
}

function phone(r: SeededRandom, country: 'FR' | 'BE', mobile: boolean): string {
  // French numbers come from the ranges ARCEP sets aside for fiction (01 99 00…, 06 39 98…).
  if (country === 'FR') return mobile ? `+33 6 39 98 ${pairs(r.digits(4))}` : `+33 1 99 00 ${pairs(r.digits(4))}`;
  return mobile ? `+32 470 ${pairs(r.digits(6))}` : `+32 2 ${r.digits(3)} ${pairs(r.digits(4))}`;
}

const ACCOUNTS_PAYABLE_MAILBOX: Record<string, readonly string[]> = {
  fr: ['comptabilite', 'compta', 'factures', 'fournisseurs'],
  en: ['accounts.payable', 'ap', 'invoices'],
  nl: ['boekhouding', 'facturen'],
  de: ['buchhaltung', 'rechnungen'],
};

const ACCOUNTS_PAYABLE_LABEL: Record<string, string> = {
  fr: 'Service comptabilité',
  en: 'Accounts payable',
  nl: 'Boekhouding',
  de: 'Buchhaltung',
};

/** Draws one fictional customer; the random source decides everything, in a fixed order. */
export function generateCustomerIdentity(r: SeededRandom, segment: DemoSegment): DemoCustomerIdentity {
  const country: 'FR' | 'BE' = segment !== 'Public' && r.chance(0.08) ? 'BE' : 'FR';
  let language: DemoCustomerIdentity['language'];
  let name: string;
  let address: string;
  let registrationId: string;
  let vatId: string;
  let paymentTerms: string;
  if (country === 'FR') {
    language = segment === 'Public' ? 'fr' : r.weighted([['fr', 93], ['en', 5], ['de', 2]] as const);
    const city = r.pick(FRENCH_CITIES);
    if (language === 'en') name = `${r.pick(ENGLISH_BRANDS)} France SAS`;
    else if (language === 'de') name = `${r.pick(GERMAN_SURNAMES)} ${r.pick(['Logistik', 'Technik', 'Maschinenbau', 'Software'])} France SARL`;
    else name = frenchCompanyName(r, segment, city);
    address = `${r.int(1, 120)} ${r.pick(FRENCH_STREETS)}, ${city.postcode} ${city.name}`;
    // Public bodies' SIREN numbers start with 2; companies' with another digit.
    const siren = withLuhnDigit(`${segment === 'Public' ? 2 : r.int(3, 9)}${r.digits(7)}`);
    registrationId = siren;
    vatId = frenchVatId(siren);
    // French public buyers must pay within 30 days (Code de la commande publique R2192-10).
    paymentTerms =
      segment === 'Public'
        ? 'net 30'
        : r.weighted([['net 30', 60], ['45 eom', 14], ['net 60', 10], ['eom + 10', 9], ['on receipt', 7]] as const);
  } else {
    language = r.chance(0.6) ? 'nl' : 'fr';
    if (language === 'nl') {
      const city = r.pick(BELGIAN_DUTCH_CITIES);
      name = `${r.pick(DUTCH_TRADES)} ${r.pick(BELGIAN_DUTCH_SURNAMES)}${r.pick(['', ' BV', ' NV'])}`;
      address = `${r.pick(DUTCH_STREETS)} ${r.int(1, 200)}, ${city.postcode} ${city.name}, België`;
    } else {
      const city = r.pick(BELGIAN_FRENCH_CITIES);
      name = `${r.pick(BELGIAN_FRENCH_TRADES)} ${r.pick(BELGIAN_FRENCH_SURNAMES)}${r.pick(['', ' SRL', ' SA'])}`;
      address = `${r.pick(BELGIAN_FRENCH_STREETS)} ${r.int(1, 200)}, ${city.postcode} ${city.name}, Belgique`;
    }
    registrationId = belgianEnterpriseNumber(`0${r.int(2, 9)}${r.digits(6)}`);
    vatId = `BE${registrationId}`;
    paymentTerms = r.weighted([['net 30', 70], ['net 60', 15], ['on receipt', 15]] as const);
  }

  let creditLimitMinor: number | null;
  switch (segment) {
    case 'TPE':
      creditLimitMinor = r.int(2, 10) * 1000_00;
      break;
    case 'PME':
      creditLimitMinor = r.int(3, 12) * 5000_00;
      break;
    case 'Grand compte':
      creditLimitMinor = r.int(4, 12) * 25_000_00;
      break;
    case 'Public':
      creditLimitMinor = null;
      break;
  }

  const domain = `${slug(name.replace(LEGAL_SUFFIX, ''))}.example`;
  const mobile = segment === 'TPE';
  const contacts: DemoContact[] = [
    {
      role: 'accounts_payable',
      name: r.chance(0.6) ? personName(r, country, language) : ACCOUNTS_PAYABLE_LABEL[language]!,
      email: `${r.pick(ACCOUNTS_PAYABLE_MAILBOX[language]!)}@${domain}`,
      phone: phone(r, country, mobile),
      address,
    },
  ];
  if (r.chance(0.3)) {
    const person = personName(r, country, language);
    contacts.push({ role: 'owner', name: person, email: `${slug(person, '.')}@${domain}`, phone: phone(r, country, true), address: null });
  }

  return {
    name,
    country,
    registrationId,
    vatId,
    language,
    segment,
    accountOwner: r.pick(DEMO_SALES_EMAILS),
    creditLimitMinor,
    paymentTerms,
    contacts,
  };
}
