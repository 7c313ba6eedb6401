import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { electronicFormatIBAN, isValidIBAN } from 'ibantools';
import { AppError, type ImportIssueReason } from '../../core/app-error.js';
import type { ParsedDetail, ParsedEntry, ParsedStatement, StatementFormat } from '../../core/bank/statement-lines.js';
import { isCurrency, parseAmount } from '../../core/money.js';
import { parseIsoDate, type PlainDate } from '../../core/plain-date.js';

/** An element as the parser gives it: its text, its attributes ("@_Ccy") and its children, each a list. */
interface XmlElement {
  '#text'?: string;
  [name: string]: XmlElement[] | string | undefined;
}

/** The camt versions read: 001.02 (2009) to 001.13; the structure Relance reads is the same in all of them. */
const NAMESPACE = /urn:iso:std:iso:20022:tech:xsd:camt\.(05[234])\.001\.(\d{2})/;
const FIRST_VERSION = 2;
const LAST_VERSION = 13;

/** Where each message keeps its statements: the root under Document, then the repeated element. */
const CONTAINERS: Record<Exclude<StatementFormat, 'csv'>, { root: string; item: string }> = {
  'camt.052': { root: 'BkToCstmrAcctRpt', item: 'Rpt' },
  'camt.053': { root: 'BkToCstmrStmt', item: 'Stmt' },
  'camt.054': { root: 'BkToCstmrDbtCdtNtfctn', item: 'Ntfctn' },
};

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  // Entities are never expanded: a statement has no use for them, and expanding them is how an XML bomb explodes.
  processEntities: false,
  alwaysCreateTextNode: true,
  trimValues: true,
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
});

/**
 * The file is refused as a whole: nothing of it is imported. The reason lets an interface say
 * it in its reader's language; without one, the file is not a statement at all.
 */
export function malformed(file: string, message: string, reason: ImportIssueReason = { code: 'not_a_statement' }, place: { line?: number; column?: number } = {}): AppError {
  return new AppError('import_failed', `${file}: ${message}; nothing was imported`, { file }, { issues: [{ file, ...place, message, reason }] });
}

/** True when the text looks like an XML document (after a byte-order mark and blanks). */
export function looksLikeXml(text: string): boolean {
  return /^\uFEFF?\s*</.test(text);
}

/** Reads every statement, report or notification of a camt file; any problem refuses the whole file, naming the element path. */
export function readCamtStatements(file: string, xml: string): ParsedStatement[] {
  // No bank statement declares a document type; one that does may define entities meant to expand without end.
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw malformed(file, 'the file declares a document type (DOCTYPE) or entities, which a bank statement never does: it is refused as unsafe', { code: 'statement_doctype_refused' });
  const validation = safely(file, () => XMLValidator.validate(xml));
  if (validation !== true) {
    const { msg, line, col } = validation.err;
    throw malformed(file, `line ${line}, column ${col}: the XML is broken: ${msg}`, { code: 'malformed_xml' }, { line, column: col });
  }
  const namespace = NAMESPACE.exec(xml);
  if (!namespace) throw malformed(file, 'this is XML but not an ISO 20022 bank statement (camt.052, camt.053 or camt.054)');
  const format = `camt.${namespace[1]}` as Exclude<StatementFormat, 'csv'>;
  const version = Number(namespace[2]);
  if (version < FIRST_VERSION || version > LAST_VERSION) {
    throw malformed(file, `${format} version 001.${namespace[2]} is not read; versions 001.02 to 001.${LAST_VERSION} are`);
  }
  const parsed = safely(file, () => parser.parse(xml) as XmlElement);
  const document = children(parsed, 'Document')[0];
  const reader = new Reader(file);
  if (!document) reader.fail('Document', 'the root element is not Document');
  const { root, item } = CONTAINERS[format];
  const message = children(document, root)[0];
  if (!message) reader.fail(`Document/${root}`, `${format} requires this element`);
  const base = `Document/${root}/${item}`;
  const items = children(message, item);
  if (items.length === 0) reader.fail(`${base}`, 'the file holds none');
  return items.map((element, index) => readStatement(reader, format, element, `${base}[${index + 1}]`));
}

/** The parser's own failures (it throws on some broken files the validator lets through) refuse the file like any broken XML. */
function safely<T>(file: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw malformed(file, `the XML is broken: ${error instanceof Error ? error.message : String(error)}`, { code: 'malformed_xml' });
  }
}

/** Reads elements with their path, so every refusal says where. */
class Reader {
  constructor(readonly file: string) {}

  /** Refuses the file for the element at `path`, which holds `value` (empty when missing). */
  fail(path: string, message: string, value = ''): never {
    throw malformed(this.file, `${path}: ${message}`, { code: 'statement_bad_element', value, expected: path });
  }

  required(element: XmlElement, path: string, name: string): string {
    const value = textAt(element, name);
    if (value === null) this.fail(`${path}/${name}`, 'this element is required and missing or empty');
    return value;
  }

  date(element: XmlElement, path: string, name: string): PlainDate | null {
    const holder = first(element, name);
    if (!holder) return null;
    const text = textAt(holder, 'Dt') ?? textAt(holder, 'DtTm');
    if (text === null) this.fail(`${path}/${name}`, 'a date (Dt or DtTm) is required');
    const date = parseIsoDate(text.slice(0, 10));
    if (!date) this.fail(`${path}/${name}`, `"${text}" is not a date`, text);
    return date;
  }

  /** An amount with its currency attribute; null when the currency is not `currency` (when given). */
  amount(element: XmlElement, path: string, currency?: string): { minor: number; currency: string } | null {
    const text = element['#text']?.trim() ?? '';
    const code = typeof element['@_Ccy'] === 'string' ? element['@_Ccy'].trim() : '';
    if (!isCurrency(code)) this.fail(path, `"${code}" is not a currency code`, code);
    if (currency !== undefined && code !== currency) return null;
    const reading = /^\d{1,18}(\.\d{1,5})?$/.test(text) ? parseAmount(text, code) : null;
    if (!reading || !('minor' in reading)) this.fail(path, `"${text}" is not an amount in ${code}`, text);
    return { minor: reading.minor, currency: code };
  }
}

function readStatement(reader: Reader, format: StatementFormat, element: XmlElement, path: string): ParsedStatement {
  const account = first(element, 'Acct');
  if (!account) reader.fail(`${path}/Acct`, 'the account is required');
  const id = first(account, 'Id');
  const written = (id && (textAt(id, 'IBAN') ?? textAt(first(id, 'Othr'), 'Id'))) ?? null;
  const iban = written === null ? null : electronicFormatIBAN(written);
  if (!iban || !isValidIBAN(iban)) reader.fail(`${path}/Acct/Id`, written === null ? 'the account has no IBAN' : `"${written}" is not an IBAN`, written ?? '');
  return {
    file: reader.file,
    format,
    path,
    accountIban: iban,
    entries: children(element, 'Ntry').map((entry, index) => readEntry(reader, entry, `${path}/Ntry[${index + 1}]`)),
  };
}

function readEntry(reader: Reader, element: XmlElement, path: string): ParsedEntry {
  const amountElement = first(element, 'Amt');
  if (!amountElement) reader.fail(`${path}/Amt`, 'this element is required and missing');
  const amount = reader.amount(amountElement, `${path}/Amt`)!;
  const direction = reader.required(element, path, 'CdtDbtInd');
  if (direction !== 'CRDT' && direction !== 'DBIT') reader.fail(`${path}/CdtDbtInd`, `"${direction}" is neither CRDT nor DBIT`, direction);
  const reversal = textAt(element, 'RvslInd');
  if (reversal !== null && !['true', 'false', '1', '0'].includes(reversal)) reader.fail(`${path}/RvslInd`, `"${reversal}" is neither true nor false`, reversal);
  // Sts is a code in versions up to 001.07 and holds Cd or Prtry from 001.08 on.
  const statusElement = first(element, 'Sts');
  const status = textAt(element, 'Sts') ?? textAt(statusElement, 'Cd') ?? textAt(statusElement, 'Prtry');
  if (status === null) reader.fail(`${path}/Sts`, 'the status of the entry is required');
  const transactions = children(element, 'NtryDtls').flatMap((details) => children(details, 'TxDtls'));
  const detailPaths: string[] = [];
  children(element, 'NtryDtls').forEach((details, d) => children(details, 'TxDtls').forEach((_tx, t) => detailPaths.push(`${path}/NtryDtls[${d + 1}]/TxDtls[${t + 1}]`)));
  const details = transactions.map((detail, index) => readDetail(reader, detail, detailPaths[index]!, amount.currency));
  return {
    path,
    amountMinor: amount.minor,
    currency: amount.currency,
    credit: direction === 'CRDT',
    reversal: reversal === 'true' || reversal === '1',
    booked: status === 'BOOK',
    bookingDate: reader.date(element, path, 'BookgDt'),
    valueDate: reader.date(element, path, 'ValDt'),
    bankReference: textAt(element, 'AcctSvcrRef'),
    information: textAt(element, 'AddtlNtryInf'),
    details,
  };
}

function readDetail(reader: Reader, element: XmlElement, path: string, currency: string): ParsedDetail {
  const refs = first(element, 'Refs');
  const parties = first(element, 'RltdPties');
  const remittance = first(element, 'RmtInf');
  // A party is Nm directly up to 001.07, and Pty/Nm from 001.08 on.
  const nameOf = (party: XmlElement | undefined) => textAt(party, 'Nm') ?? textAt(first(party, 'Pty'), 'Nm');
  const payerIban = textAt(first(first(parties, 'DbtrAcct'), 'Id'), 'IBAN');
  const amountDetails = first(element, 'AmtDtls');
  const candidates: Array<[XmlElement | undefined, string]> = [
    [first(element, 'Amt'), `${path}/Amt`],
    [first(first(amountDetails, 'TxAmt'), 'Amt'), `${path}/AmtDtls/TxAmt/Amt`],
    [first(first(amountDetails, 'InstdAmt'), 'Amt'), `${path}/AmtDtls/InstdAmt/Amt`],
  ];
  let amountMinor: number | null = null;
  for (const [candidate, where] of candidates) {
    const amount = candidate ? reader.amount(candidate, where, currency) : null;
    if (amount) {
      amountMinor = amount.minor;
      break;
    }
  }
  const unstructured = children(remittance, 'Ustrd').map((part) => part['#text']?.trim() ?? '').filter((part) => part !== '');
  const creditorReference = children(remittance, 'Strd').map((structured) => textAt(first(structured, 'CdtrRefInf'), 'Ref')).find((ref) => ref !== null) ?? null;
  return {
    path,
    amountMinor,
    endToEndId: textAt(refs, 'EndToEndId'),
    transactionId: textAt(refs, 'TxId'),
    instructionId: textAt(refs, 'InstrId'),
    bankReference: textAt(refs, 'AcctSvcrRef'),
    payerName: nameOf(first(parties, 'Dbtr')) ?? nameOf(first(parties, 'UltmtDbtr')),
    payerIban: payerIban === null ? null : (electronicFormatIBAN(payerIban) ?? payerIban),
    creditorReference,
    remittance: unstructured.length > 0 ? unstructured.join(' ') : null,
    returned: first(element, 'RtrInf') !== undefined,
  };
}

function children(element: XmlElement | undefined, name: string): XmlElement[] {
  const value = element?.[name];
  return Array.isArray(value) ? value : [];
}

function first(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return children(element, name)[0];
}

/** The trimmed text of the first child `name`; null when absent or empty. */
function textAt(element: XmlElement | undefined, name: string): string | null {
  const text = first(element, name)?.['#text']?.trim() ?? '';
  return text === '' ? null : text;
}
