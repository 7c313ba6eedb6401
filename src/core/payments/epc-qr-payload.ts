/**
 * The text of an EPC QR code ("GiroCode", "SCT QR"): a SEPA credit transfer a banking app
 * fills in from one scan. European Payments Council, EPC069-12 "Quick Response Code: Guidelines
 * to Enable Data Capture for the Initiation of a SEPA Credit Transfer", version 002: lines
 * separated by LF, in this order, empty lines for what is left out, at most 331 bytes.
 *
 *   BCD · 002 · 1 (UTF-8) · SCT · BIC · beneficiary name · IBAN · EUR amount · purpose ·
 *   structured creditor reference · unstructured remittance · note to the payer
 *
 * The structured reference and the free text are mutually exclusive. Only euro transfers exist
 * in the scheme, so a message in another currency, or without an IBAN, carries no code.
 */

export interface EpcTransfer {
  /** Electronic form (no spaces). */
  readonly iban: string;
  /** Optional since version 002 inside the EEA. */
  readonly bic?: string | null;
  /** The beneficiary; cut at 70 characters. */
  readonly name: string;
  /** In euro cents; left out, the payer types the amount. */
  readonly amountMinor?: number | null;
  /** The ISO 11649 creditor reference or the Belgian structured communication (12 digits), electronic form. */
  readonly reference?: string | null;
  /** Free remittance text, used only when there is no structured reference; cut at 140 characters. */
  readonly text?: string | null;
  /** A note shown to the payer; cut at 70 characters. */
  readonly information?: string | null;
  /** Four-letter purpose code (ExternalPurpose1Code), rarely used. */
  readonly purpose?: string | null;
  /** "002" unless a caller reproduces an older code; "001" requires the BIC. */
  readonly version?: '001' | '002';
  /** 1 = UTF-8 (what Relance writes), 2 = ISO 8859-1 … 8 as EPC069-12 lists them. */
  readonly characterSet?: number;
}

/** The smallest and largest amounts a code may carry: EUR 0.01 to EUR 999,999,999.99. */
export const EPC_MAX_AMOUNT_MINOR = 99_999_999_999;

/** "EUR123.45", "EUR1", "EUR0.50": a dot, no thousands separator, no trailing ".00". */
export function epcAmount(minor: number): string {
  const units = Math.floor(minor / 100);
  const cents = minor % 100;
  return `EUR${units}${cents === 0 ? '' : `.${String(cents).padStart(2, '0')}`}`;
}

function cut(text: string | null | undefined, max: number): string {
  return [...(text ?? '').replace(/[\r\n]+/g, ' ').trim()].slice(0, max).join('');
}

/**
 * The lines of the code, or null when no transfer can be described: no IBAN, or an amount
 * outside what the scheme carries. Trailing empty lines are left out, as the guidelines allow.
 */
export function epcQrLines(transfer: EpcTransfer): string[] | null {
  const iban = transfer.iban.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[0-9A-Z]{1,30}$/.test(iban)) return null;
  const amount = transfer.amountMinor;
  if (amount !== null && amount !== undefined && (!Number.isSafeInteger(amount) || amount < 1 || amount > EPC_MAX_AMOUNT_MINOR)) return null;
  const reference = (transfer.reference ?? '').replace(/\s+/g, '');
  const lines = [
    'BCD',
    transfer.version ?? '002',
    String(transfer.characterSet ?? 1),
    'SCT',
    (transfer.bic ?? '').replace(/\s+/g, '').toUpperCase(),
    cut(transfer.name, 70),
    iban,
    amount ? epcAmount(amount) : '',
    cut(transfer.purpose, 4),
    reference.slice(0, 35),
    reference ? '' : cut(transfer.text, 140),
    cut(transfer.information, 70),
  ];
  while (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** The text the QR code encodes, or null when no transfer can be described. */
export function epcQrPayload(transfer: EpcTransfer): string | null {
  return epcQrLines(transfer)?.join('\n') ?? null;
}
