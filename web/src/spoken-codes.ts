/**
 * Codes in words. The API speaks in codes (`not_delivered`, `approved`, "must be integer", a
 * Liquid error); a person reads sentences in the interface's language. Use these helpers
 * wherever a code could reach the screen:
 *
 * - `statusLabel(kind, code, t)`: a status, outcome, channel, role… as a word ("Not delivered",
 *   « Non livré »). `kind` says which list the code comes from (see `STATUS_KEY_PREFIX`). An
 *   unknown code still reads as words ("Awaiting approval"), never with underscores.
 * - `fieldLabel(field, t)`: a request field in words ("minimum_gap_days" → "Days between two contacts").
 * - `fieldMessageInWords(message, label, i18n)`: the same for a message shown under a labelled
 *   field (FormField does it for every form).
 * - `fieldErrorSentence(error, i18n)`: one of the API's field errors (`{ field, message }`) as a
 *   sentence: "Enter a whole number of days." / « Saisissez un nombre entier de jours. »
 * - `templateErrorSentence(detail, t)`: a Liquid error ("x.liquid:2:5: variable "a.b" is not
 *   defined") as "Line 2, column 5: the template uses {{ a.b }}, which does not exist."
 * - `problemSentence(error, i18n)`: any failed request as one sentence in the reader's language,
 *   with `lang` telling the language it is in (the server's own English detail is the last resort).
 *
 * Labels live in catalogue/spoken-codes.ts; test/web-message-catalogue.test.ts checks that every
 * code the API can return has one.
 */
import { ApiError } from './api-client.js';
import { formatDateInWords } from './format.js';
import type { I18n, Translate } from './i18n.js';
import { MESSAGES, type Language, type MessageKey } from './messages.js';

/** Where each kind of code finds its label in the catalogue: prefix + code. */
export const STATUS_KEY_PREFIX = {
  outbox: 'outboxStatus.',
  failureKind: 'failureKind.',
  taskKind: 'tasks.kind.',
  taskStatus: 'tasks.status.',
  disputeReason: 'tasks.disputeReason.',
  disputeStatus: 'disputeStatus.',
  disputeResolution: 'disputeResolution.',
  callOutcome: 'tasks.call.',
  channel: 'channel.',
  contactChannel: 'contactLog.channel.',
  contactRole: 'role.',
  userRole: 'userRole.',
  risk: 'risk.',
  invoiceStatus: 'invoiceStatus.',
  ledgerKind: 'kind.',
  actionStatus: 'actionStatus.',
  planStatus: 'planStatus.',
  caseStatus: 'caseStatus.',
  sender: 'scenarioEditor.sender.',
  nextStep: 'collection.kind.',
  tone: 'tone.',
  language: 'language.',
} as const;

export type StatusKind = keyof typeof STATUS_KEY_PREFIX;

function known(key: string): key is MessageKey {
  return key in MESSAGES.en;
}

/** "awaiting_approval" → "Awaiting approval": the last resort, still words. */
export function codeInWords(code: string): string {
  const words = code.replace(/[_-]+/g, ' ').trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : code;
}

/** A code of the given kind in the reader's language. */
export function statusLabel(kind: StatusKind, code: string, t: Translate): string {
  const key = `${STATUS_KEY_PREFIX[kind]}${code}`;
  return known(key) ? t(key) : codeInWords(code);
}

/** A request field in words: its own label when the catalogue has one, else its name spelt out. */
export function fieldLabel(field: string, t: Translate): string {
  const last = field.replace(/\[\d+\]/g, '').split('.').pop() ?? field;
  const key = `field.${last}`;
  if (known(key)) return t(key);
  return codeInWords(last.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase());
}

type Sentence = (name: string, match: RegExpExecArray, i18n: Pick<I18n, 't' | 'locale'>, days: boolean) => string;

/** The API's field messages (src/http/problem-details.ts and Ajv's own), read by their shape; `name` is the field in words. */
const FIELD_RULES: readonly [RegExp, Sentence][] = [
  [/^is required$/, (field, _, { t }) => t('problem.required', { field })],
  [/^is not a known field$/, (field, _, { t }) => t('problem.unknownField', { field })],
  [/^must be integer$/, (field, _, { t }, days) => (days ? t('problem.integerDays') : t('problem.integer', { field }))],
  [/^must be (number|string|boolean|object|array)$/, (field, _, { t }) => t('problem.wrongType', { field })],
  [/^must be >=? (-?\d+(?:\.\d+)?)$/, (field, m, { t }) => t('problem.minimum', { field, limit: m[1]! })],
  [/^must be <=? (-?\d+(?:\.\d+)?)$/, (field, m, { t }) => t('problem.maximum', { field, limit: m[1]! })],
  [/^must be between (-?\d+) and (-?\d+)$/, (field, m, { t }) => t('problem.between', { field, min: m[1]!, max: m[2]! })],
  [/^must NOT have more than (\d+) (characters|items)$/, (field, m, { t }) => t('problem.tooLong', { field, limit: m[1]! })],
  [/^must NOT have fewer than (\d+) (characters|items)$/, (field, _, { t }) => t('problem.empty', { field })],
  [/^must be one of: /, (field, _, { t }) => t('problem.oneOf', { field })],
  [/^is not one of the values this field takes$/, (field, _, { t }) => t('problem.oneOf', { field })],
  [/^must be a date written YYYY-MM-DD$/, (field, _, { t }) => t('problem.date', { field })],
  [
    /^must be a date from (\d{4}-\d{2}-\d{2}) to (\d{4}-\d{2}-\d{2})$/,
    (field, m, { t, locale }) => t('problem.dateRange', { field, from: formatDateInWords(m[1]!, locale), to: formatDateInWords(m[2]!, locale) }),
  ],
  [/^must be a decimal string/, (field, _, { t }) => t('problem.amount', { field })],
  [/^must hold on one line/, (field, _, { t }) => t('problem.oneLine', { field })],
  [/^must be an ISO 4217 code/, (field, _, { t }) => t('problem.currency', { field })],
  [/^must (be a valid|match format) "?email"?$/, (field, _, { t }) => t('problem.email', { field })],
  [/^must (be a valid|match format) /, (field, _, { t }) => t('problem.format', { field })],
  [/^must match pattern /, (field, _, { t }) => t('problem.format', { field })],
];

const DAYS_FIELD = /days?$|jours?\b|days?\b/i;

/** A message of the API's validator as a sentence about the field named `name`; null when it is not one. */
function ruleSentence(message: string, name: string, days: boolean, i18n: Pick<I18n, 't' | 'locale'>): string | null {
  for (const [pattern, sentence] of FIELD_RULES) {
    const match = pattern.exec(message);
    if (match) return sentence(name, match, i18n, days);
  }
  return null;
}

/**
 * A message shown under a labelled field (FormField): the validator's jargon ("must be integer")
 * becomes a sentence naming the field by its label; a sentence a page wrote itself stays as it is.
 */
export function fieldMessageInWords(message: string, label: string, i18n: Pick<I18n, 't' | 'locale'>): string {
  return templateErrorSentence(message, i18n.t) ?? ruleSentence(message, label, DAYS_FIELD.test(label), i18n) ?? message;
}

const LIQUID_DETAIL = /^(?:[\w.-]+\.liquid)(?::(\d+):(\d+))?: (.*)$/s;

/** A Liquid error of a template text, in words, with its line and column when known. */
export function templateErrorSentence(detail: string, t: Translate): string | null {
  const match = LIQUID_DETAIL.exec(detail);
  if (!match) return null;
  const [, line, column, what = ''] = match;
  let sentence: string;
  let m: RegExpExecArray | null;
  if ((m = /^variable "([^"]+)" is not defined/.exec(what))) sentence = t('templateError.unknownVariable', { name: m[1]! });
  else if ((m = /undefined filter:? "?(\w+)"?/.exec(what))) sentence = t('templateError.unknownFilter', { name: m[1]! });
  else if ((m = /^no template named "([^"]+)"/.exec(what))) sentence = t('templateError.unknownInclude', { name: m[1]! });
  else if (/not closed|unexpected|expected|illegal|invalid/i.test(what)) sentence = t('templateError.syntax');
  else if ((m = /^the (\w+) filter takes/.exec(what))) sentence = t('templateError.filterValue', { name: m[1]! });
  else if (/time|memory|depth|deep/i.test(what)) sentence = t('templateError.tooHeavy');
  else if (/section/i.test(what)) sentence = t('templateError.section');
  else sentence = t('templateError.other');
  return line && column ? t('templateError.at', { line, column, sentence }) : sentence;
}

/** One field error of the API as a sentence in the reader's language. */
export function fieldErrorSentence(error: { field: string; message: string }, i18n: Pick<I18n, 't' | 'locale' | 'language'>): string {
  const fromTemplate = templateErrorSentence(error.message, i18n.t);
  if (fromTemplate) return fromTemplate;
  const fromRule = ruleSentence(error.message, fieldLabel(error.field, i18n.t), DAYS_FIELD.test(error.field.replace(/\[\d+\]/g, '')), i18n);
  if (fromRule) return fromRule;
  // A sentence of the domain the server words in English only: English readers get it whole.
  if (i18n.language === 'en' && error.field) return `${fieldLabel(error.field, i18n.t)}: ${error.message}.`;
  return error.field ? i18n.t('problem.field', { field: fieldLabel(error.field, i18n.t) }) : i18n.t('error.invalid');
}

/**
 * A failed request in one sentence: the server's own words when it has them in the reader's
 * language, the field errors in words, a template error in words, else the server's English
 * detail (hence `lang`).
 */
export function problemSentence(error: Error, i18n: Pick<I18n, 't' | 'locale' | 'language'>): { text: string; lang: Language } | null {
  if (!(error instanceof ApiError)) return null;
  const { problem } = error;
  const localized = problem.localized_detail?.[i18n.language];
  if (localized) return { text: localized, lang: i18n.language };
  if (problem.errors && problem.errors.length > 0) {
    const sentences = [...new Set(problem.errors.map((fieldError) => fieldErrorSentence(fieldError, i18n)))];
    return { text: sentences.join(' '), lang: i18n.language };
  }
  const fromTemplate = problem.detail ? templateErrorSentence(problem.detail, i18n.t) : null;
  if (fromTemplate) return { text: fromTemplate, lang: i18n.language };
  if (i18n.language !== 'en') return null;
  const detail = problem.detail ?? problem.title;
  return detail ? { text: detail, lang: 'en' } : null;
}

/**
 * Any failure as one sentence in the reader's language: the server's words when it has them in
 * that language (or in words the catalogue gives), else a sentence for the kind of failure.
 */
export function failureSentence(error: unknown, i18n: Pick<I18n, 't' | 'locale' | 'language'>): string {
  if (!(error instanceof ApiError)) return i18n.t('error.network');
  const sentence = problemSentence(error, i18n);
  if (sentence) return sentence.text;
  if (error.status === 403) return i18n.t('error.forbidden');
  if (error.status === 404) return i18n.t('error.notFound');
  return i18n.t(error.status >= 500 ? 'error.server' : 'error.invalid');
}
