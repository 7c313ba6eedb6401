/**
 * The currencies an invoice, a payment or a credit note can be in: the ISO 4217 list of current
 * currencies (2025), with the number of decimals ISO gives each. Left out on purpose: precious
 * metals (XAU, XAG, XPT, XPD), the testing and "no currency" codes (XTS, XXX), units of account
 * and funds (XDR, XSU, XUA, XBA–XBD, BOV, CHE, CHW, CLF, COU, MXV, USN, UYI, UYW) and currencies
 * already replaced (HRK by EUR, ANG by XCG, SLL by SLE, ZWL by ZWG, CUC). Nobody is invoiced in
 * those, and a code that is merely well-formed (ABC) would let a typo split a customer's
 * balance into two currencies.
 *
 * A plain table rather than `Intl.supportedValuesOf`: the engine's list depends on its ICU
 * version, carries metals and withdrawn codes, and its decimals (CLDR) differ from ISO's for
 * some currencies (IQD, for one), while stored minor units must mean the same everywhere.
 */
const BY_DECIMALS: Readonly<Record<0 | 2 | 3, string>> = {
  0: 'BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX VND VUV XAF XOF XPF',
  2:
    'AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF CNY COP CRC ' +
    'CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD ' +
    'KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO ' +
    'NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL ' +
    'THB TJS TMT TOP TRY TTD TWD TZS UAH USD UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG',
  3: 'BHD IQD JOD KWD LYD OMR TND',
};

const DECIMALS: ReadonlyMap<string, number> = new Map(
  Object.entries(BY_DECIMALS).flatMap(([decimals, codes]) => codes.split(' ').map((code) => [code, Number(decimals)] as const)),
);

/** Every accepted code, in alphabetical order: what the API schemas enumerate. */
export const CURRENCY_CODES: readonly string[] = [...DECIMALS.keys()].sort();

export function isKnownCurrency(code: string): boolean {
  return DECIMALS.has(code);
}

/** The decimals of a listed currency; undefined for any other code. */
export function currencyDecimals(code: string): number | undefined {
  return DECIMALS.get(code);
}
