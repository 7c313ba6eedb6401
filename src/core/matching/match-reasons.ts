/**
 * Why a payment was matched or suggested, in a sentence for the person who checks it (English
 * and French), from what pointed at the customer (the clue) and how the amount fits.
 */

/** What pointed at the customer, most certain first. */
export type MatchClue = 'reference' | 'reference_in_text' | 'invoice_number' | 'payer_iban' | 'payer_name';

/**
 * How the amount fits the invoices: exactly one's open amount, several adding up to it, less
 * (the rest stays open), more (the rest stays on the customer's account), none of them (the
 * oldest are paid first), or nothing open at all (all on account).
 */
export type MatchFit = 'exact' | 'adds_up' | 'partial' | 'over' | 'oldest_first' | 'on_account';

export interface MatchReason {
  readonly clue: MatchClue;
  readonly fit: MatchFit;
  readonly en: string;
  readonly fr: string;
}

export interface ReasonFacts {
  /** The invoices paid (or named), oldest first: only their numbers are read. */
  readonly invoices: ReadonlyArray<{ readonly invoice: { readonly number: string } }>;
  readonly customerName: string;
  readonly payerName: string | null;
}

function numbersOf(facts: ReasonFacts): string[] {
  return facts.invoices.map((entry) => entry.invoice.number);
}

function listOf(items: readonly string[], and: string): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${and} ${items[items.length - 1]}`;
}

function invoicesEn(numbers: readonly string[]): string {
  return `${numbers.length === 1 ? 'invoice' : 'invoices'} ${listOf(numbers, 'and')}`;
}

/** "la facture A", "les factures A et B"; after "de": "de la facture A", "des factures A et B". */
function invoicesFr(numbers: readonly string[], after: '' | 'de' = ''): string {
  const one = numbers.length === 1;
  const article = after === 'de' ? (one ? 'de la facture' : 'des factures') : one ? 'la facture' : 'les factures';
  return `${article} ${listOf(numbers, 'et')}`;
}

function clueSentence(clue: MatchClue, facts: ReasonFacts): { en: string; fr: string } {
  const numbers = numbersOf(facts);
  const customer = facts.customerName;
  switch (clue) {
    case 'reference':
      return {
        en: `The payment carries the structured reference of ${invoicesEn(numbers)} of ${customer}.`,
        fr: `Le paiement porte la référence structurée ${invoicesFr(numbers, 'de')} de ${customer}.`,
      };
    case 'reference_in_text':
      return {
        en: `The payment's message quotes the structured reference of ${invoicesEn(numbers)} of ${customer}.`,
        fr: `Le message du paiement cite la référence structurée ${invoicesFr(numbers, 'de')} de ${customer}.`,
      };
    case 'invoice_number':
      return {
        en: `The payment's message names ${invoicesEn(numbers)} of ${customer}.`,
        fr: `Le message du paiement cite ${invoicesFr(numbers)} de ${customer}.`,
      };
    case 'payer_iban':
      return {
        en: `${customer} has paid from the payer's account before.`,
        fr: `${customer} a déjà payé depuis le compte du payeur.`,
      };
    case 'payer_name':
      return {
        en: `The payer's name, ${facts.payerName ?? ''}, is close to ${customer}.`,
        fr: `Le nom du payeur, ${facts.payerName ?? ''}, est proche de ${customer}.`,
      };
  }
}

function fitSentence(fit: MatchFit, clue: MatchClue, numbers: readonly string[]): { en: string; fr: string } {
  // The reference and number clues already name the invoices; the others name them here.
  const named = clue === 'payer_iban' || clue === 'payer_name';
  const one = numbers.length === 1;
  switch (fit) {
    case 'exact':
      return named
        ? { en: `The amount is exactly what ${invoicesEn(numbers)} leaves open.`, fr: `Le montant est exactement le reste dû ${invoicesFr(numbers, 'de')}.` }
        : {
            en: `The amount is exactly what ${one ? 'it leaves' : 'they leave'} open.`,
            fr: `Le montant est exactement ${one ? 'son' : 'leur'} reste dû.`,
          };
    case 'adds_up':
      return named
        ? {
            en: `The open amounts of ${invoicesEn(numbers)} add up to the amount.`,
            fr: `Les restes dus ${invoicesFr(numbers, 'de')} font ensemble le montant.`,
          }
        : { en: 'Their open amounts add up to the amount.', fr: 'Leurs restes dus font ensemble le montant.' };
    case 'partial':
      return {
        en: `The amount pays part of ${named ? invoicesEn(numbers) : one ? 'it' : 'them'}, oldest first; the rest stays open.`,
        fr: `Le montant en paie une partie${named ? ` (${invoicesFr(numbers)})` : ''}, la plus ancienne d'abord ; le reste demeure dû.`,
      };
    case 'over':
      return {
        en: `The amount is more than ${named ? invoicesEn(numbers) : one ? 'it' : 'they'} leave${one ? 's' : ''} open; the rest goes to the customer's account.`,
        fr: `Le montant dépasse le reste dû${named ? ` ${invoicesFr(numbers, 'de')}` : ''} ; le surplus va au compte du client.`,
      };
    case 'oldest_first':
      return {
        en: `The amount matches no open invoice: it pays the oldest first (${listOf(numbers, 'and')}).`,
        fr: `Le montant ne correspond à aucune facture ouverte : il paie d'abord les plus anciennes (${listOf(numbers, 'et')}).`,
      };
    case 'on_account':
      return {
        en: 'Nothing of this customer is left open in this currency: the amount goes to the customer\'s account.',
        fr: 'Rien ne reste dû par ce client dans cette devise : le montant va au compte du client.',
      };
  }
}

/**
 * The reason, its sentences written when first read: a statement of 100,000 lines would
 * otherwise hold 200,000 sentences that nobody may ever display. `JSON.stringify` writes them.
 */
export function describeMatch(clue: MatchClue, fit: MatchFit, facts: ReasonFacts): MatchReason {
  return new WrittenReason(clue, fit, facts);
}

class WrittenReason implements MatchReason {
  #written: { en: string; fr: string } | null = null;
  readonly #facts: ReasonFacts;

  constructor(
    readonly clue: MatchClue,
    readonly fit: MatchFit,
    facts: ReasonFacts,
  ) {
    this.#facts = facts;
  }

  get en(): string {
    return this.#sentences().en;
  }

  get fr(): string {
    return this.#sentences().fr;
  }

  toJSON(): { clue: MatchClue; fit: MatchFit; en: string; fr: string } {
    return { clue: this.clue, fit: this.fit, en: this.en, fr: this.fr };
  }

  #sentences(): { en: string; fr: string } {
    this.#written ??= writeReason(this.clue, this.fit, this.#facts);
    return this.#written;
  }
}

function writeReason(clue: MatchClue, fit: MatchFit, facts: ReasonFacts): { en: string; fr: string } {
  // A reference or number whose invoice is already settled names no invoice left to pay.
  const who =
    fit === 'on_account' && (clue === 'reference' || clue === 'reference_in_text' || clue === 'invoice_number')
      ? {
          en: `The payment points at ${facts.customerName}, whose invoice it names is already paid.`,
          fr: `Le paiement désigne ${facts.customerName}, dont la facture citée est déjà payée.`,
        }
      : clueSentence(clue, facts);
  const how = fitSentence(fit, clue, numbersOf(facts));
  return { en: `${who.en} ${how.en}`, fr: `${who.fr} ${how.fr}` };
}

/** Said of a line left for a person because several customers could have paid it. */
export const AMBIGUOUS_NOTE = {
  en: 'Several customers could have made this payment: a person decides which.',
  fr: 'Plusieurs clients pourraient avoir fait ce paiement : une personne choisit lequel.',
} as const;
