/**
 * Check digits of the French and Belgian identifiers the demo makes up, so that the fictional
 * companies carry ids a validating importer or accounting package would accept.
 */

/** Appends the Luhn digit that SIREN (9 digits) and SIRET (14 digits) numbers end with. */
export function withLuhnDigit(body: string): string {
  let sum = 0;
  // Counting from the right, the check digit is position 1, so body digits at odd positions
  // from the right (starting with the last body digit) are doubled.
  for (let i = 0; i < body.length; i += 1) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return `${body}${(10 - (sum % 10)) % 10}`;
}

export function hasValidLuhnDigit(number: string): boolean {
  return /^\d+$/.test(number) && withLuhnDigit(number.slice(0, -1)) === number;
}

/** French intra-community VAT id: FR + key + SIREN, key = (12 + 3 × (SIREN mod 97)) mod 97. */
export function frenchVatId(siren: string): string {
  const key = (12 + 3 * (Number(siren) % 97)) % 97;
  return `FR${String(key).padStart(2, '0')}${siren}`;
}

/**
 * Belgian enterprise number (also the VAT id after "BE"): a leading 0 or 1, seven digits, and
 * two check digits equal to 97 minus the first eight digits modulo 97.
 */
export function belgianEnterpriseNumber(firstEight: string): string {
  const check = 97 - (Number(firstEight) % 97);
  return `${firstEight}${String(check).padStart(2, '0')}`;
}

/** A number written in decimal digits, modulo 97, without leaving safe integers. */
function mod97(digits: string): number {
  let rest = 0;
  for (let i = 0; i < digits.length; i += 7) rest = Number(`${rest}${digits.slice(i, i + 7)}`) % 97;
  return rest;
}

/** Letters count as 10 (A) … 35 (Z) in IBAN and RIB arithmetic. */
function lettersToDigits(text: string): string {
  return text.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
}

/** The French RIB key of bank code (5), branch code (5) and account number (11). */
export function ribKey(bank: string, branch: string, account: string): string {
  // The RIB maps letters of the account number to digits by the 1-9 cycle, not as IBANs do.
  const accountDigits = account.replace(/[A-Z]/g, (c) => String(((c.charCodeAt(0) - 65) % 9) + 1 + (c >= 'S' ? 1 : 0)));
  const key = 97 - ((89 * Number(bank) + 15 * Number(branch) + 3 * mod97(accountDigits)) % 97);
  return String(key).padStart(2, '0');
}

/** An IBAN for a country and its BBAN, with the ISO 13616 check digits filled in. */
export function ibanFor(country: string, bban: string): string {
  const check = 98 - mod97(lettersToDigits(`${bban}${country}00`));
  return `${country}${String(check).padStart(2, '0')}${bban}`;
}

export function frenchIban(bank: string, branch: string, account: string): string {
  return ibanFor('FR', `${bank}${branch}${account}${ribKey(bank, branch, account)}`);
}

export function isValidIban(iban: string): boolean {
  const compact = iban.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(compact)) return false;
  return mod97(lettersToDigits(`${compact.slice(4)}${compact.slice(0, 4)}`)) === 1;
}
