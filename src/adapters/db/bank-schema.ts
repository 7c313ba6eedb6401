/** One of the organization's bank accounts; position 0 is the one customers are asked to pay into. */
export interface BankAccountRow {
  id: string;
  organization_id: string;
  /** Electronic form: capitals, no spaces. */
  iban: string;
  bic: string | null;
  currency: string;
  label: string;
  /** Whom transfers are made out to; the organization's legal name when null. */
  account_holder: string | null;
  position: number;
  created_at: string;
}

/** Where a bank line stands: `unmatched` until the matching applies it; `reversed` when the bank took the credit back. */
export type BankLineStatus = 'unmatched' | 'suggested' | 'matched' | 'ignored' | 'reversed';

/** One booked credit read from a bank statement: one transaction detail of an entry. */
export interface BankLineRow {
  id: string;
  organization_id: string;
  /** Account, booking date, amount and the bank's references: the same line in any later statement has the same one. */
  identity: string;
  account_iban: string;
  amount_minor: number;
  currency: string;
  booking_date: string;
  value_date: string | null;
  payer_name: string | null;
  payer_iban: string | null;
  /** The structured creditor reference, else the end-to-end id. */
  reference: string | null;
  /** The free text the payer wrote. */
  remittance: string | null;
  end_to_end_id: string | null;
  /** The bank's own reference for the entry (AcctSvcrRef). */
  bank_reference: string | null;
  /** JSON list of the references a reversal of this credit would repeat. */
  reversal_keys: string;
  status: BankLineStatus;
  /** The customer payment matching made of it, once applied. */
  payment_id: string | null;
  /** JSON list of matching's proposals, best first, while the line waits for a person. */
  suggestions: string | null;
  file_name: string;
  created_at: string;
}
