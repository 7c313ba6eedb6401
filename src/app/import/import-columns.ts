import { TEXT_LIMITS } from '../../core/field-limits.js';
import type { ColumnSpec } from '../../adapters/files/column-names.js';

/**
 * The fields each CSV kind reads and the header names they are known by in French and English
 * exports, most specific first. Names are compared without case, accents, spaces or
 * punctuation, so "Date d'échéance", "DATE ECHEANCE" and "date_echeance" are one.
 */
export type CsvField =
  | 'customer'
  | 'customer_name'
  | 'name'
  | 'number'
  | 'reference'
  | 'invoice'
  | 'date'
  | 'due_date'
  | 'amount'
  | 'currency'
  | 'terms'
  | 'email'
  | 'phone'
  | 'address'
  | 'language'
  | 'segment'
  | 'registration'
  | 'vat'
  | 'credit_limit';

/**
 * The longest text each field may hold and whether it must hold on one line. Dates, amounts and
 * codes are parsed anyway; their bound only keeps a megabyte of text out of an error message.
 */
export const FIELD_TEXT: Record<CsvField, { max: number; oneLine: boolean }> = {
  customer: { max: TEXT_LIMITS.customerReference, oneLine: true },
  customer_name: { max: TEXT_LIMITS.customerName, oneLine: true },
  name: { max: TEXT_LIMITS.customerName, oneLine: true },
  number: { max: TEXT_LIMITS.documentNumber, oneLine: true },
  reference: { max: TEXT_LIMITS.paymentReference, oneLine: true },
  invoice: { max: TEXT_LIMITS.documentNumber, oneLine: true },
  date: { max: 40, oneLine: true },
  due_date: { max: 40, oneLine: true },
  amount: { max: 40, oneLine: true },
  currency: { max: 10, oneLine: true },
  terms: { max: TEXT_LIMITS.paymentTerms, oneLine: true },
  email: { max: TEXT_LIMITS.email, oneLine: true },
  phone: { max: TEXT_LIMITS.phone, oneLine: true },
  address: { max: TEXT_LIMITS.address, oneLine: false },
  language: { max: 50, oneLine: true },
  segment: { max: TEXT_LIMITS.segment, oneLine: true },
  registration: { max: TEXT_LIMITS.registrationId, oneLine: true },
  vat: { max: TEXT_LIMITS.vatId, oneLine: true },
  credit_limit: { max: 40, oneLine: true },
};

export type CsvKind = 'customers' | 'invoices' | 'credit-notes' | 'payments';

const CUSTOMER_REF = [
  'code client', 'customer code', 'customer ref', 'customer reference', 'réf client', 'référence client', 'ref client',
  'customer id', 'id client', 'numéro client', 'n° client', 'customer number', 'compte client', 'client', 'customer', 'débiteur', 'debtor',
];
const CUSTOMER_NAME = [
  'raison sociale', 'nom client', 'nom du client', 'customer name', 'client name', 'company name', 'dénomination', 'nom', 'name', 'société', 'company',
];
const INVOICE_REF = [
  'n° facture', 'numéro facture', 'numéro de facture', 'no facture', 'num facture', 'invoice number', 'invoice no', 'facture', 'invoice',
  'facture liée', 'related invoice',
];
const DUE_DATE = ["date d'échéance", 'date échéance', 'échéance', 'due date', 'payment due date', 'due'];
const AMOUNT = ['montant TTC', 'total TTC', 'montant', 'total', 'amount', 'TTC', 'total amount', 'gross amount'];
const CURRENCY = ['devise', 'currency', 'monnaie'];
const TERMS = ['conditions de paiement', 'conditions de règlement', 'conditions', 'payment terms', 'terms', 'délai de paiement', 'délai de règlement'];

const spec = (field: CsvField, aliases: readonly string[], required = false): ColumnSpec<CsvField> => ({ field, aliases, required });

export const CSV_COLUMNS: Record<CsvKind, readonly ColumnSpec<CsvField>[]> = {
  customers: [
    spec('customer', [...CUSTOMER_REF, 'code', 'référence', 'reference', 'ref'], true),
    spec('name', CUSTOMER_NAME, true),
    spec('registration', ['SIREN', 'SIRET', 'registration', 'registration number', 'registration id', "numéro d'entreprise", 'n° entreprise', 'BCE', 'KBO', 'company number']),
    spec('vat', ['numéro TVA', 'n° TVA', 'TVA intracommunautaire', 'TVA', 'VAT id', 'VAT number', 'VAT no', 'VAT']),
    spec('language', ['langue', 'language', 'lang', 'locale']),
    spec('segment', ['segment', 'catégorie', 'category', 'profil', 'profile']),
    spec('credit_limit', ['limite de crédit', 'limite crédit', 'plafond de crédit', 'credit limit', 'plafond', 'encours autorisé']),
    spec('terms', TERMS),
    spec('email', ['email', 'e-mail', 'courriel', 'adresse email', 'adresse e-mail', 'email address', 'mail']),
    spec('phone', ['téléphone', 'tél', 'tel', 'phone', 'phone number', 'mobile', 'portable']),
    spec('address', ['adresse', 'adresse postale', 'address', 'postal address']),
  ],
  invoices: [
    spec('number', ['n° facture', 'numéro facture', 'numéro de facture', 'no facture', 'num facture', 'invoice number', 'invoice no', 'numéro', 'numero', 'number', 'n°', 'no', 'num', 'n° pièce', 'pièce', 'facture', 'invoice'], true),
    spec('customer', CUSTOMER_REF, true),
    spec('customer_name', CUSTOMER_NAME),
    spec('date', ['date facture', 'date de facture', 'invoice date', 'issue date', "date d'émission", 'date émission', 'date pièce', 'date'], true),
    spec('due_date', DUE_DATE),
    spec('amount', AMOUNT, true),
    spec('currency', CURRENCY),
    spec('terms', TERMS),
  ],
  'credit-notes': [
    spec('number', ['n° avoir', 'numéro avoir', "numéro d'avoir", 'credit note number', 'credit note no', 'numéro', 'numero', 'number', 'n°', 'no', 'num', 'avoir', 'credit note'], true),
    spec('customer', CUSTOMER_REF, true),
    spec('customer_name', CUSTOMER_NAME),
    spec('date', ['date avoir', "date d'avoir", 'credit note date', 'issue date', "date d'émission", 'date émission', 'date'], true),
    spec('amount', AMOUNT, true),
    spec('currency', CURRENCY),
    spec('invoice', INVOICE_REF),
  ],
  payments: [
    spec('reference', ['référence paiement', 'référence de paiement', 'payment reference', 'référence règlement', 'référence virement', 'transaction id', 'référence', 'reference', 'réf', 'ref', 'numéro', 'number', 'n°', 'id'], true),
    spec('customer', CUSTOMER_REF, true),
    spec('customer_name', CUSTOMER_NAME),
    spec('date', ['date paiement', 'date de paiement', 'date règlement', 'date de règlement', 'payment date', 'received on', 'date valeur', 'value date', 'date'], true),
    spec('amount', [...AMOUNT, 'montant réglé', 'montant payé', 'amount paid'], true),
    spec('currency', CURRENCY),
    spec('invoice', INVOICE_REF),
  ],
};
