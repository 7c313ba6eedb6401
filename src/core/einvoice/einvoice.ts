import { isCurrency, minorDigits, parseAmount } from '../money.js';
import { isLedgerDate, isOneLine, LEDGER_DATE_RANGE } from '../field-limits.js';
import { makeDate, parseIsoDate, type PlainDate } from '../plain-date.js';

/**
 * What Relance reads from an electronic invoice, whatever its syntax: UBL 2.1 (Peppol BIS 3,
 * invoices and credit notes), the UN/CEFACT Cross Industry Invoice of Factur-X and ZUGFeRD 2,
 * and the older Cross Industry Document of ZUGFeRD 1. The names in comments are the business
 * terms of EN 16931 (BT-1 the number, BT-115 the amount due…), which both syntaxes carry.
 */
export interface EInvoice {
  syntax: EInvoiceSyntax;
  /** BT-24, the specification the file follows ("urn:factur-x.eu:1p0:minimum"…), when given. */
  profile: string | null;
  kind: 'invoice' | 'credit_note';
  /** BT-1. */
  number: string;
  /** BT-2. */
  issueDate: PlainDate;
  /** BT-9; MINIMUM-profile invoices have none, and it is optional elsewhere. */
  dueDate: PlainDate | null;
  /** BT-5. */
  currency: string;
  /** BT-112, the grand total with taxes. */
  totalMinor: number;
  /** BT-115, what is left to pay once prepaid amounts (BT-113) are taken off: what is collected. */
  amountDueMinor: number;
  buyer: Buyer;
  /** BT-25, the invoice a credit note corrects, when it names one. */
  precedingInvoice: string | null;
}

export type EInvoiceSyntax = 'ubl' | 'cii' | 'zugferd1';

/** The buyer (BG-7) as named and identified in the file. */
export interface Buyer {
  /** BT-44, the legal name, else the trading name. */
  name: string;
  /** Every identifier the file gives, strongest first: registration numbers, VAT number, GLN, others. */
  ids: BuyerId[];
  /** Who to write to (BT-56 to BT-58, else BT-49) and the postal address (BG-8), when the file gives them. */
  contact: BuyerContact | null;
  /** BT-55, the country of the buyer's address (ISO 3166 alpha-2), when given. */
  country: string | null;
}

/** The buyer's contact point, as a customer created from the invoice gets it. */
export interface BuyerContact {
  name: string | null;
  email: string | null;
  phone: string | null;
  /** The address lines, postcode, city and country, on one line. */
  address: string | null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A contact from its parts; the parts a file leaves empty, or an email that is none, are left out. */
function buyerContact(name: XmlElement | null, email: XmlElement | null, phone: XmlElement | null, addressParts: Array<XmlElement | null>): BuyerContact | null {
  const text = (e: XmlElement | null) => (e?.text() ?? '').replace(/\s+/g, ' ') || null;
  const mail = text(email)?.replace(/^mailto:/i, '').toLowerCase() ?? null;
  const address = addressParts.map(text).filter((part) => part !== null).join(', ') || null;
  const contact = { name: text(name), email: mail !== null && EMAIL.test(mail) ? mail : null, phone: text(phone), address };
  return contact.email || contact.phone || contact.address ? contact : null;
}

/**
 * One identifier of the buyer. `siren` and `siret` are the French registration numbers (ISO 6523
 * schemes 0002 and 0009), `vat` the VAT number, `gln` a GS1 Global Location Number (0088); any
 * other scheme keeps its ISO 6523 code, or `id` when the file names none.
 */
export interface BuyerId {
  scheme: string;
  value: string;
}

/** A parsed XML element as the reader needs it: local names, namespace prefixes left out. */
export interface XmlElement {
  readonly name: string;
  /** Where it is: "/Invoice/LegalMonetaryTotal/PayableAmount". */
  readonly path: string;
  /** Its text, trimmed. */
  text(): string;
  attr(name: string): string | null;
  children(name: string): XmlElement[];
}

/** Why a file cannot be read as an invoice, with the element at fault. */
export interface EInvoiceProblem {
  path: string;
  message: string;
  code: 'einvoice_missing_element' | 'einvoice_not_a_date' | 'einvoice_date_out_of_range' | 'einvoice_not_an_amount' | 'einvoice_not_a_currency' | 'einvoice_number_on_lines';
  value?: string;
}

export type EInvoiceReading = { invoice: EInvoice } | { problems: EInvoiceProblem[] };

const ROOTS: Record<string, EInvoiceSyntax> = {
  Invoice: 'ubl',
  CreditNote: 'ubl',
  CrossIndustryInvoice: 'cii',
  CrossIndustryDocument: 'zugferd1',
};

/** The syntax an XML root element announces, or null when it is no e-invoice Relance reads. */
export function einvoiceSyntax(rootName: string): EInvoiceSyntax | null {
  return ROOTS[rootName] ?? null;
}

// UNTDID 1001 document types that credit the buyer rather than bill it.
const CREDIT_TYPE_CODES = new Set(['81', '83', '261', '262', '296', '308', '381', '396', '420', '458', '532']);

/** Follows a chain of child names; null as soon as one is missing. */
function at(element: XmlElement | null, ...names: string[]): XmlElement | null {
  let current = element;
  for (const name of names) {
    if (current === null) return null;
    current = current.children(name)[0] ?? null;
  }
  return current;
}

function all(element: XmlElement | null, ...names: string[]): XmlElement[] {
  if (element === null || names.length === 0) return element ? [element] : [];
  const [first, ...rest] = names;
  return element.children(first!).flatMap((child) => all(child, ...rest));
}

/** Collects the problems of one file while its fields are read. */
class FieldReader {
  readonly problems: EInvoiceProblem[] = [];

  constructor(private readonly root: XmlElement) {}

  /** A required element; a missing or empty one is a problem naming where it should be. */
  required(element: XmlElement | null, path: string, what: string): XmlElement | null {
    if (element === null || element.text() === '') {
      this.problems.push({ path: element?.path ?? `/${this.root.name}/${path}`, message: `${what} is missing`, code: 'einvoice_missing_element' });
      return null;
    }
    return element;
  }

  date(element: XmlElement | null, compact: boolean): PlainDate | null {
    if (element === null) return null;
    const text = element.text();
    // UBL dates are xs:date, which may carry a time zone ("2026-06-17Z", "2026-06-17+02:00"): the day is what counts.
    const zoneless = text.replace(/^(\d{4}-\d{2}-\d{2})(Z|[+-]\d{2}:\d{2})$/, '$1');
    const date = compact && /^\d{8}$/.test(text) ? makeDate(Number(text.slice(0, 4)), Number(text.slice(4, 6)), Number(text.slice(6, 8))) : parseIsoDate(zoneless);
    if (date === null) this.problems.push({ path: element.path, message: `"${text}" is not a date`, code: 'einvoice_not_a_date', value: text });
    else if (!isLedgerDate(date)) {
      this.problems.push({ path: element.path, message: `"${text}" is out of range: ${LEDGER_DATE_RANGE}`, code: 'einvoice_date_out_of_range', value: text });
      return null;
    }
    return date;
  }

  amount(element: XmlElement | null, currency: string | null): number | null {
    if (element === null || currency === null) return null;
    const text = element.text();
    // XML decimals: a dot, no thousands separator. Zeros past the currency's decimals ("235.6200") say nothing more.
    const digits = minorDigits(currency);
    const parts = /^([+-]?\d+)(?:\.(\d+))?$/.exec(text);
    const fraction = parts?.[2] ?? '';
    const trimmed = parts && fraction.length > digits && /^0+$/.test(fraction.slice(digits)) ? (digits === 0 ? parts[1]! : `${parts[1]}.${fraction.slice(0, digits)}`) : text;
    const reading = /^[+-]?\d+(\.\d+)?$/.test(trimmed) ? parseAmount(trimmed, currency) : { problem: 'not_an_amount' as const };
    if ('minor' in reading) return reading.minor;
    const message = reading.problem === 'too_large' ? `${text} is more than the largest amount Relance records` : `"${text}" is not an amount in ${currency}`;
    this.problems.push({ path: element.path, message, code: 'einvoice_not_an_amount', value: text });
    return null;
  }

  currency(element: XmlElement | null): string | null {
    if (element === null) return null;
    const text = element.text().toUpperCase();
    if (isCurrency(text)) return text;
    this.problems.push({ path: element.path, message: `"${element.text()}" is not a currency code`, code: 'einvoice_not_a_currency', value: element.text() });
    return null;
  }
}

function countryCode(element: XmlElement | null): string | null {
  const code = element?.text().toUpperCase() ?? '';
  return /^[A-Z]{2}$/.test(code) ? code : null;
}

/** "FR 05 987 654 321" → "FR05987654321": identifiers compared without their separators. */
export function compactIdentifier(text: string): string {
  return text.replace(/[\s.\-/]/g, '').toUpperCase();
}

const SCHEME_NAMES: Record<string, string> = { '0002': 'siren', '0009': 'siret', '0088': 'gln', '0060': 'duns', '9957': 'vat', VA: 'vat' };

/** A scheme by its name in Relance: "siren", "vat", "gln"… or the ISO 6523 code as given. */
function schemeName(scheme: string | null, value: string): string {
  if (scheme !== null && SCHEME_NAMES[scheme]) return SCHEME_NAMES[scheme]!;
  if (scheme === null && /^\d{9}$/.test(value)) return 'siren';
  if (scheme === null && /^\d{14}$/.test(value)) return 'siret';
  return scheme ?? 'id';
}

const SCHEME_ORDER = ['siret', 'siren', 'vat', 'gln'];

function buyerIds(found: Array<{ scheme: string | null; element: XmlElement }>): BuyerId[] {
  const ids: BuyerId[] = [];
  for (const { scheme, element } of found) {
    const raw = element.text();
    if (raw === '') continue;
    const value = compactIdentifier(raw);
    const name = schemeName(scheme, value);
    if (!ids.some((id) => id.scheme === name && id.value === value)) ids.push({ scheme: name, value });
  }
  const rank = (id: BuyerId) => (SCHEME_ORDER.includes(id.scheme) ? SCHEME_ORDER.indexOf(id.scheme) : SCHEME_ORDER.length);
  return ids.sort((a, b) => rank(a) - rank(b));
}

/** The parts of an invoice both syntaxes give, as found in one of them. */
interface Located {
  profile: XmlElement | null;
  number: XmlElement | null;
  typeCode: XmlElement | null;
  issueDate: XmlElement | null;
  dueDate: XmlElement | null;
  currency: XmlElement | null;
  total: XmlElement | null;
  amountDue: XmlElement | null;
  buyerName: XmlElement | null;
  buyerIds: Array<{ scheme: string | null; element: XmlElement }>;
  precedingInvoice: XmlElement | null;
  contact: BuyerContact | null;
  country: XmlElement | null;
  /** Where each required element belongs, from the root: named when it is missing. */
  paths: Record<'number' | 'issueDate' | 'currency' | 'total' | 'buyerName', string>;
  /** Dates written 20260131 (CII's format 102) rather than 2026-01-31 (UBL). */
  compactDates: boolean;
}

function locateUbl(root: XmlElement): Located {
  const party = at(root, 'AccountingCustomerParty', 'Party');
  const totals = at(root, 'LegalMonetaryTotal');
  const ids: Located['buyerIds'] = [];
  for (const endpoint of all(party, 'EndpointID')) ids.push({ scheme: endpoint.attr('schemeID'), element: endpoint });
  for (const id of all(party, 'PartyIdentification', 'ID')) ids.push({ scheme: id.attr('schemeID'), element: id });
  for (const id of all(party, 'PartyLegalEntity', 'CompanyID')) ids.push({ scheme: id.attr('schemeID') ?? '0002', element: id });
  for (const tax of all(party, 'PartyTaxScheme')) {
    const company = at(tax, 'CompanyID');
    if (company && (at(tax, 'TaxScheme', 'ID')?.text() ?? 'VAT') === 'VAT') ids.push({ scheme: 'VA', element: company });
  }
  // The due date sits on the invoice (BT-9), or for a credit note on its payment means.
  const due = at(root, 'DueDate') ?? at(root, 'PaymentMeans', 'PaymentDueDate');
  return {
    profile: at(root, 'CustomizationID'),
    number: at(root, 'ID'),
    typeCode: at(root, 'InvoiceTypeCode') ?? at(root, 'CreditNoteTypeCode'),
    issueDate: at(root, 'IssueDate'),
    dueDate: due,
    currency: at(root, 'DocumentCurrencyCode'),
    total: at(totals, 'TaxInclusiveAmount'),
    amountDue: at(totals, 'PayableAmount'),
    buyerName: at(party, 'PartyLegalEntity', 'RegistrationName') ?? at(party, 'PartyName', 'Name'),
    buyerIds: ids,
    precedingInvoice: at(root, 'BillingReference', 'InvoiceDocumentReference', 'ID'),
    country: at(party, 'PostalAddress', 'Country', 'IdentificationCode'),
    contact: buyerContact(
      at(party, 'Contact', 'Name'),
      at(party, 'Contact', 'ElectronicMail') ?? all(party, 'EndpointID').find((e) => e.attr('schemeID') === 'EM') ?? null,
      at(party, 'Contact', 'Telephone'),
      [
        at(party, 'PostalAddress', 'StreetName'),
        at(party, 'PostalAddress', 'AdditionalStreetName'),
        at(party, 'PostalAddress', 'AddressLine', 'Line'),
        at(party, 'PostalAddress', 'PostalZone'),
        at(party, 'PostalAddress', 'CityName'),
        at(party, 'PostalAddress', 'Country', 'IdentificationCode'),
      ],
    ),
    paths: {
      number: 'ID',
      issueDate: 'IssueDate',
      currency: 'DocumentCurrencyCode',
      total: 'LegalMonetaryTotal/TaxInclusiveAmount',
      buyerName: 'AccountingCustomerParty/Party/PartyLegalEntity/RegistrationName',
    },
    compactDates: false,
  };
}

function locateCii(root: XmlElement, syntax: 'cii' | 'zugferd1'): Located {
  const v1 = syntax === 'zugferd1';
  const header = at(root, v1 ? 'HeaderExchangedDocument' : 'ExchangedDocument');
  const transaction = at(root, v1 ? 'SpecifiedSupplyChainTradeTransaction' : 'SupplyChainTradeTransaction');
  const agreement = at(transaction, v1 ? 'ApplicableSupplyChainTradeAgreement' : 'ApplicableHeaderTradeAgreement');
  const settlement = at(transaction, v1 ? 'ApplicableSupplyChainTradeSettlement' : 'ApplicableHeaderTradeSettlement');
  const sums = at(settlement, v1 ? 'SpecifiedTradeSettlementMonetarySummation' : 'SpecifiedTradeSettlementHeaderMonetarySummation');

  const buyer = at(agreement, 'BuyerTradeParty');
  const ids: Located['buyerIds'] = [];
  for (const id of all(buyer, 'ID')) ids.push({ scheme: id.attr('schemeID'), element: id });
  for (const id of all(buyer, 'GlobalID')) ids.push({ scheme: id.attr('schemeID'), element: id });
  for (const id of all(buyer, 'SpecifiedLegalOrganization', 'ID')) ids.push({ scheme: id.attr('schemeID') ?? '0002', element: id });
  for (const id of all(buyer, 'SpecifiedTaxRegistration', 'ID')) {
    if (id.attr('schemeID') === 'VA') ids.push({ scheme: 'VA', element: id });
  }
  const headerPath = v1 ? 'HeaderExchangedDocument' : 'ExchangedDocument';
  const transactionPath = v1 ? 'SpecifiedSupplyChainTradeTransaction' : 'SupplyChainTradeTransaction';
  const settlementPath = `${transactionPath}/${v1 ? 'ApplicableSupplyChainTradeSettlement' : 'ApplicableHeaderTradeSettlement'}`;
  const sumsName = v1 ? 'SpecifiedTradeSettlementMonetarySummation' : 'SpecifiedTradeSettlementHeaderMonetarySummation';
  // Several amounts can be given, one per currency (BT-111 in the accounting currency): the one
  // in the invoice's currency, or without a currency, is the invoice's.
  const currency = at(settlement, 'InvoiceCurrencyCode');
  const inCurrency = (name: string) => {
    const found = all(sums, name);
    return found.find((e) => e.attr('currencyID') === null || e.attr('currencyID') === currency?.text()) ?? found[0] ?? null;
  };
  return {
    profile: at(root, v1 ? 'SpecifiedExchangedDocumentContext' : 'ExchangedDocumentContext', 'GuidelineSpecifiedDocumentContextParameter', 'ID'),
    number: at(header, 'ID'),
    typeCode: at(header, 'TypeCode'),
    issueDate: at(header, 'IssueDateTime', 'DateTimeString'),
    dueDate: all(settlement, 'SpecifiedTradePaymentTerms', 'DueDateDateTime', 'DateTimeString')[0] ?? null,
    currency,
    total: inCurrency('GrandTotalAmount'),
    amountDue: inCurrency('DuePayableAmount'),
    buyerName: at(buyer, 'Name'),
    buyerIds: ids,
    precedingInvoice: at(settlement, 'InvoiceReferencedDocument', 'IssuerAssignedID'),
    country: at(buyer, 'PostalTradeAddress', 'CountryID'),
    contact: buyerContact(
      at(buyer, 'DefinedTradeContact', 'PersonName'),
      at(buyer, 'DefinedTradeContact', 'EmailURIUniversalCommunication', 'URIID') ?? all(buyer, 'URIUniversalCommunication', 'URIID').find((e) => e.attr('schemeID') === 'EM') ?? null,
      at(buyer, 'DefinedTradeContact', 'TelephoneUniversalCommunication', 'CompleteNumber'),
      ['LineOne', 'LineTwo', 'LineThree', 'PostcodeCode', 'CityName', 'CountryID'].map((name) => at(buyer, 'PostalTradeAddress', name)),
    ),
    paths: {
      number: `${headerPath}/ID`,
      issueDate: `${headerPath}/IssueDateTime/DateTimeString`,
      currency: `${settlementPath}/InvoiceCurrencyCode`,
      total: `${settlementPath}/${sumsName}/GrandTotalAmount`,
      buyerName: `${transactionPath}/${v1 ? 'ApplicableSupplyChainTradeAgreement' : 'ApplicableHeaderTradeAgreement'}/BuyerTradeParty/Name`,
    },
    compactDates: true,
  };
}

/**
 * Reads an e-invoice from its parsed XML. Every problem is listed with the path of the element
 * at fault, so one reading tells everything that is wrong with a file.
 */
export function readEInvoiceTree(root: XmlElement): EInvoiceReading {
  const syntax = einvoiceSyntax(root.name);
  if (syntax === null) {
    return { problems: [{ path: `/${root.name}`, message: `a ${root.name} document is not an e-invoice (UBL Invoice or CreditNote, or Cross Industry Invoice)`, code: 'einvoice_missing_element' }] };
  }
  const found = syntax === 'ubl' ? locateUbl(root) : locateCii(root, syntax);
  const read = new FieldReader(root);
  const { paths } = found;
  const number = read.required(found.number, paths.number, 'the invoice number');
  if (number !== null && !isOneLine(number.text())) {
    read.problems.push({ path: number.path, message: 'the invoice number runs over several lines', code: 'einvoice_number_on_lines', value: number.text().replace(/[\u0000\r\n]+/g, ' ') });
  }
  const issueDate = read.date(read.required(found.issueDate, paths.issueDate, 'the issue date'), found.compactDates);
  const dueDate = found.dueDate && found.dueDate.text() !== '' ? read.date(found.dueDate, found.compactDates) : null;
  const currency = read.currency(read.required(found.currency, paths.currency, 'the currency'));
  const total = read.amount(read.required(found.total, paths.total, 'the grand total'), currency);
  // BT-115 is required by EN 16931; ZUGFeRD 1 BASIC leaves it out when nothing was prepaid.
  const amountDue = found.amountDue ? read.amount(found.amountDue, currency) : total;
  const name = read.required(found.buyerName, paths.buyerName, "the buyer's name");
  const reading = read.problems;
  if (reading.length > 0 || number === null || issueDate === null || currency === null || total === null || amountDue === null || name === null) {
    return { problems: reading };
  }
  const credit = root.name === 'CreditNote' || CREDIT_TYPE_CODES.has(found.typeCode?.text() ?? '');
  return {
    invoice: {
      syntax,
      profile: found.profile?.text() || null,
      kind: credit ? 'credit_note' : 'invoice',
      number: number.text(),
      issueDate,
      dueDate,
      currency,
      totalMinor: total,
      amountDueMinor: amountDue,
      buyer: { name: name.text().replace(/\s+/g, ' '), ids: buyerIds(found.buyerIds), contact: found.contact, country: countryCode(found.country) },
      precedingInvoice: found.precedingInvoice?.text() || null,
    },
  };
}
