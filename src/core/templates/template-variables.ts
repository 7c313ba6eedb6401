import { parseIsoDate } from '../plain-date.js';
import type { MessageLanguage } from '../scenarios/scenario.js';
import { formatDateForLanguage, formatMoneyForLanguage } from './format-for-language.js';
import type { TemplateContext, TemplateMoney } from './template-context.js';

/** How a variable is printed: an amount and a date go through their filter, a list gives its size. */
export type TemplateVariableKind = 'text' | 'number' | 'date' | 'money' | 'list';

/** A variable the template editor offers, with what to insert and its value for one customer. */
export interface TemplateVariable {
  /** The path in the context, e.g. `invoices.first.due_date`; the editor's catalogue explains it. */
  readonly name: string;
  readonly kind: TemplateVariableKind;
  /** The Liquid to insert at the cursor: `{{ balance | money }}`. */
  readonly insert: string;
  /** The value as the message would print it; '' when this customer has none (no invoice listed). */
  readonly example: string;
}

/** The variables offered, in the order a message usually needs them (docs/templates.md lists them all). */
export const TEMPLATE_VARIABLES: readonly { name: string; kind: TemplateVariableKind }[] = [
  { name: 'customer.name', kind: 'text' },
  { name: 'customer.number', kind: 'text' },
  { name: 'balance', kind: 'money' },
  { name: 'invoices', kind: 'list' },
  { name: 'invoices.first.number', kind: 'text' },
  { name: 'invoices.first.due_date', kind: 'date' },
  { name: 'invoices.first.days_overdue', kind: 'number' },
  { name: 'invoices.first.days_until_due', kind: 'number' },
  { name: 'invoices.first.open', kind: 'money' },
  { name: 'invoices.first.payment_reference', kind: 'text' },
  { name: 'invoices_total', kind: 'money' },
  { name: 'coming_due', kind: 'list' },
  { name: 'credits', kind: 'list' },
  { name: 'today', kind: 'date' },
  { name: 'pay_by', kind: 'date' },
  { name: 'pay_within_days', kind: 'number' },
  { name: 'organization.name', kind: 'text' },
  { name: 'organization.address', kind: 'text' },
  { name: 'sender.name', kind: 'text' },
  { name: 'sender.title', kind: 'text' },
  { name: 'sender.contact', kind: 'text' },
  { name: 'payment.iban', kind: 'text' },
  { name: 'payment.bic', kind: 'text' },
  { name: 'payment.reference', kind: 'text' },
  { name: 'late_fees.interest', kind: 'money' },
  { name: 'late_fees.indemnity', kind: 'money' },
  { name: 'late_fees.amount_due', kind: 'money' },
  { name: 'portal_url', kind: 'text' },
];

function lookUp(context: TemplateContext, name: string): unknown {
  let value: unknown = context;
  for (const part of name.split('.')) {
    if (value === null || value === undefined) return undefined;
    if (Array.isArray(value)) value = part === 'first' ? value[0] : part === 'size' ? value.length : undefined;
    else value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function isMoney(value: unknown): value is TemplateMoney {
  return typeof value === 'object' && value !== null && 'minor' in value && 'currency' in value;
}

function printed(value: unknown, kind: TemplateVariableKind, language: MessageLanguage): string {
  if (value === null || value === undefined) return '';
  if (kind === 'list') return Array.isArray(value) ? String(value.length) : '';
  if (kind === 'money') return isMoney(value) ? formatMoneyForLanguage(value.minor, value.currency, language) : '';
  if (kind === 'date') {
    const date = typeof value === 'string' ? parseIsoDate(value) : null;
    return date ? formatDateForLanguage(date, language) : '';
  }
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

function insertOf(name: string, kind: TemplateVariableKind): string {
  if (kind === 'money') return `{{ ${name} | money }}`;
  if (kind === 'date') return `{{ ${name} | long_date }}`;
  if (kind === 'list') return `{{ ${name}.size }}`;
  return `{{ ${name} }}`;
}

/** The variables a template can use, each with its value in `context` as the message prints it. */
export function templateVariables(context: TemplateContext): TemplateVariable[] {
  return TEMPLATE_VARIABLES.map(({ name, kind }) => ({ name, kind, insert: insertOf(name, kind), example: printed(lookUp(context, name), kind, context.language) }));
}
