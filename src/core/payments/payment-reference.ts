/**
 * The reference a customer quotes with a transfer, so the payment finds its invoice without a
 * person: the Belgian structured communication ("communication structurée" / "gestructureerde
 * mededeling", +++123/4567/89002+++) or the ISO 11649 creditor reference (RF18 5390 0754 7034).
 *
 * Each invoice of an organization gets a serial number of its own (1, 2, 3…); its reference is
 * that serial in the organization's scheme, so references are unique within the organization
 * and never change once printed. The database computes the same references for invoices that
 * existed before references did (migration 0033-p); both must stay in step.
 */

/** The two schemes an organization may choose. */
export type PaymentReferenceScheme = 'structured_communication' | 'creditor_reference';

export const PAYMENT_REFERENCE_SCHEMES: readonly PaymentReferenceScheme[] = ['structured_communication', 'creditor_reference'];

/** Belgian banks and their customers expect the structured communication; elsewhere in SEPA the RF reference is understood. */
export function defaultPaymentReferenceScheme(country: string): PaymentReferenceScheme {
  return country.toUpperCase() === 'BE' ? 'structured_communication' : 'creditor_reference';
}

/** The scheme an organization uses: the one it chose, else its country's default. */
export function paymentReferenceSchemeOf(chosen: string | null | undefined, country: string): PaymentReferenceScheme {
  return chosen === 'structured_communication' || chosen === 'creditor_reference' ? chosen : defaultPaymentReferenceScheme(country);
}

/** A structured communication holds ten digits before its check: serials run up to 9,999,999,999. */
export const MAX_REFERENCE_SERIAL = 9_999_999_999;

// ---------------------------------------------------------------------------------------------
// Belgian structured communication (OGM/VCS): ten digits, then their remainder modulo 97 as two
// digits, 97 when the remainder is 0 (Febelfin, "Structured communication" standard).

function ogmCheck(base10: string): string {
  const remainder = Number(BigInt(base10) % 97n);
  return String(remainder === 0 ? 97 : remainder).padStart(2, '0');
}

/** The twelve digits of the structured communication with these ten first digits. */
export function makeStructuredCommunication(base10: string): string {
  if (!/^\d{10}$/.test(base10)) throw new RangeError(`a structured communication starts with ten digits, got "${base10}"`);
  return base10 + ogmCheck(base10);
}

/** Whether twelve digits form a structured communication whose check holds. */
export function isValidStructuredCommunication(digits12: string): boolean {
  return /^\d{12}$/.test(digits12) && ogmCheck(digits12.slice(0, 10)) === digits12.slice(10);
}

/** +++123/4567/89002+++, the form printed for people and banking apps. */
export function displayStructuredCommunication(digits12: string): string {
  return `+++${digits12.slice(0, 3)}/${digits12.slice(3, 7)}/${digits12.slice(7)}+++`;
}

// ---------------------------------------------------------------------------------------------
// ISO 11649 creditor reference: "RF", two check digits, then 1 to 21 letters or digits. The check
// is ISO 7064 MOD 97-10, as for IBANs: the reference followed by "RF00", letters as 10..35,
// taken modulo 97; the check digits are 98 minus that remainder.

function mod97(alphanumeric: string): number {
  let remainder = 0;
  for (const char of alphanumeric) {
    const code = char.charCodeAt(0);
    const value = code >= 65 ? code - 55 : code - 48;
    remainder = value >= 10 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
  }
  return remainder;
}

/** The creditor reference for a body of letters and digits (spaces and case ignored). */
export function makeCreditorReference(body: string): string {
  const compact = body.replace(/\s+/g, '').toUpperCase();
  if (!/^[0-9A-Z]{1,21}$/.test(compact)) throw new RangeError(`a creditor reference holds 1 to 21 letters or digits, got "${body}"`);
  return `RF${String(98 - mod97(`${compact}RF00`)).padStart(2, '0')}${compact}`;
}

/** Whether an electronic-form creditor reference (no spaces, capitals) has check digits that hold. */
export function isValidCreditorReference(reference: string): boolean {
  if (!/^RF\d{2}[0-9A-Z]{1,21}$/.test(reference)) return false;
  return mod97(reference.slice(4) + reference.slice(0, 4)) === 1;
}

/** RF18 5390 0754 7034: groups of four, as ISO 11649 prints it for people. */
export function displayCreditorReference(reference: string): string {
  return reference.replace(/(.{4})(?=.)/g, '$1 ');
}

// ---------------------------------------------------------------------------------------------
// Making, printing and reading back.

/** The reference of an organization's invoice with this serial, in electronic form (what the database stores). */
export function paymentReferenceFor(scheme: PaymentReferenceScheme, serial: number): string {
  if (!Number.isSafeInteger(serial) || serial < 1 || serial > MAX_REFERENCE_SERIAL) throw new RangeError(`an invoice's reference serial runs from 1 to ${MAX_REFERENCE_SERIAL}, got ${serial}`);
  return scheme === 'structured_communication' ? makeStructuredCommunication(String(serial).padStart(10, '0')) : makeCreditorReference(String(serial));
}

/** A stored (electronic) reference as people and banking apps expect it printed. */
export function displayPaymentReference(reference: string): string {
  if (/^\d{12}$/.test(reference)) return displayStructuredCommunication(reference);
  return displayCreditorReference(reference);
}

/** A reference read from a bank statement, a remittance text or a person. */
export type ReadPaymentReference =
  | { scheme: 'structured_communication'; reference: string }
  | { scheme: 'creditor_reference'; reference: string };

/**
 * Reads a reference back the way payers and banks write it: +++010/8068/17183+++,
 * ***010/8068/17183***, 010806817183, "rf18 5390 0754 7034", with any spaces, dots, dashes or
 * slashes in between. Returns the electronic form (the one stored on the invoice), or null
 * when the text is neither, or its check digits do not hold (a mistyped reference never
 * matches someone else's invoice).
 */
export function readPaymentReference(text: string): ReadPaymentReference | null {
  const trimmed = text.trim();
  if (trimmed.length === 0 || trimmed.length > 60) return null;
  const compact = trimmed.replace(/^(\+{3}|\*{3})|(\+{3}|\*{3})$/g, '').replace(/[\s./\-+*]/g, '').toUpperCase();
  if (/^\d{12}$/.test(compact)) return isValidStructuredCommunication(compact) ? { scheme: 'structured_communication', reference: compact } : null;
  if (compact.startsWith('RF')) return isValidCreditorReference(compact) ? { scheme: 'creditor_reference', reference: compact } : null;
  return null;
}

/**
 * Every reference a free text holds (a remittance line: "Facture 123 +++010/8068/17183+++"),
 * each once, in the order they appear. Only references whose check digits hold are returned;
 * a creditor reference followed by other words is read up to the last group that makes it hold.
 */
export function findPaymentReferences(text: string): string[] {
  const found: string[] = [];
  const add = (reference: string | undefined) => {
    if (reference && !found.includes(reference)) found.push(reference);
  };
  for (const pattern of [/(?:\+{3}|\*{3})\s*\d{3}\s*\/\s*\d{4}\s*\/\s*\d{5}\s*(?:\+{3}|\*{3})/g, /\b\d{3}\/\d{4}\/\d{5}\b/g, /\b\d{12}\b/g]) {
    for (const match of text.matchAll(pattern)) add(readPaymentReference(match[0])?.reference);
  }
  for (const match of text.matchAll(/\bRF\d{2}(?:\s?[0-9A-Z]+){1,6}/gi)) {
    const groups = match[0].split(/\s+/);
    for (let length = groups.length; length > 0; length -= 1) {
      const read = readPaymentReference(groups.slice(0, length).join(''));
      if (read) {
        add(read.reference);
        break;
      }
    }
  }
  return found;
}
