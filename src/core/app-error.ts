/**
 * The closed list of things that can go wrong, as seen by a user or an integrator. Only the
 * HTTP error handler maps them to statuses and only the CLI maps them to exit codes.
 */
export type ErrorCode =
  | 'validation_failed'
  | 'invalid_amount'
  | 'invalid_date'
  | 'import_failed'
  | 'not_found'
  | 'conflict'
  | 'unauthenticated'
  | 'forbidden'
  | 'too_many_requests'
  | 'configuration'
  | 'internal';

/** Where in an input the problem is: a JSON field, or a file position. */
export interface ErrorPlace {
  field?: string;
  file?: string;
  line?: number;
  column?: number;
}

export interface ImportIssue extends ErrorPlace {
  message: string;
  /** The problem as a code, the field and the cell's text, so an interface can say it in its reader's language. */
  reason?: ImportIssueReason;
}

/** Every kind of import problem an interface can word in its reader's language. */
export const IMPORT_ISSUE_CODES = [
  'empty',
  'past_exact_ledger_limit',
  'not_a_date',
  'not_a_fec_date',
  'date_out_of_range',
  'not_an_amount',
  'amount_too_large',
  'not_positive',
  'not_a_currency',
  'field_count',
  'too_long',
  'holds_nul',
  'holds_line_break',
  'unknown_customer_no_name_column',
  'unknown_customer_give_name',
  'due_before_date',
  'not_payment_terms',
  'invoice_not_recorded',
  'invoice_of_other_customer',
  'invoice_other_currency',
  'twice_in_file',
  'recorded_with_other_values',
  'not_a_language',
  'negative_credit_limit',
  'not_an_email',
  'not_a_direction',
  'missing_column',
  'missing_fec_columns',
  'mapped_column_missing',
  'unreadable_line',
  'empty_file',
  'terms_over_legal_cap',
  'more_not_listed',
  'not_an_einvoice',
  'malformed_xml',
  'xml_doctype_refused',
  'einvoice_file_too_large',
  'pdf_without_einvoice',
  'einvoice_missing_element',
  'einvoice_not_a_date',
  'einvoice_date_out_of_range',
  'einvoice_number_on_lines',
  'einvoice_not_an_amount',
  'einvoice_not_a_currency',
  'einvoice_number_twice',
  'ambiguous_buyer',
  'nothing_left_to_pay',
  'not_a_statement',
  'statement_doctype_refused',
  'statement_bad_element',
  'statement_zip_refused',
  'statement_unknown_account',
] as const;

export type ImportIssueCode = (typeof IMPORT_ISSUE_CODES)[number];

export interface ImportIssueReason {
  code: ImportIssueCode;
  field?: string;
  value?: string;
  /**
   * A second value: how many fields the header has (field_count), the most characters allowed
   * (too_long), the invoice date (due_before_date), the invoice's currency
   * (invoice_other_currency), the line where a key first appears (twice_in_file).
   */
  expected?: number | string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly place: ErrorPlace;
  readonly issues: readonly ImportIssue[];
  /** The message in the interface's languages, for errors a person in the web app must act on; `message` is the English one. */
  readonly localized: { readonly en: string; readonly fr: string } | null;

  constructor(
    code: ErrorCode,
    message: string,
    place: ErrorPlace = {},
    options: { cause?: unknown; issues?: readonly ImportIssue[]; localized?: { readonly en: string; readonly fr: string } } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.place = place;
    this.issues = options.issues ?? [];
    this.localized = options.localized ?? null;
  }
}

/** "invoices.csv:12:7" — the place in the form editors and terminals understand. */
export function formatPlace(place: ErrorPlace): string {
  if (place.file !== undefined) {
    return [place.file, place.line, place.column].filter((part) => part !== undefined).join(':');
  }
  return place.field ?? '';
}

export function formatIssue(issue: ImportIssue): string {
  const where = formatPlace(issue);
  return where ? `${where}: ${issue.message}` : issue.message;
}
