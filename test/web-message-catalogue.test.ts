import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DISPUTE_REASONS } from '../src/adapters/db/stores/collection-pauses.js';
import { TASK_KINDS } from '../src/adapters/db/stores/collection-tasks.js';
import { OUTBOX_STATUSES } from '../src/adapters/db/stores/outbox.js';
import { CALL_OUTCOMES } from '../src/core/collection/call-attempts.js';
import { ROLES } from '../src/core/roles.js';
import { CHANNELS, RISK_LEVELS, SENDER_IDENTITIES } from '../src/core/scenarios/scenario.js';
import { TEMPLATE_VARIABLES } from '../src/core/templates/template-variables.js';
import { CONTACT_CHANNELS } from '../web/src/components/contact-log-card.js';
import { en, fr, type MessageKey } from '../web/src/messages.js';
import { fieldErrorSentence, problemSentence, STATUS_KEY_PREFIX, statusLabel, templateErrorSentence, type StatusKind } from '../web/src/spoken-codes.js';
import { ApiError } from '../web/src/api-client.js';

const WEB_SRC = join(import.meta.dirname, '..', 'web', 'src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'catalogue' ? [] : sources(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

const keys = new Set(Object.keys(en));
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

/**
 * Every code the API can answer, by the list it comes from: the core's and the stores' own
 * lists where they exist, else the values the schema documents beside the column.
 */
const API_CODES: Record<StatusKind, readonly string[]> = {
  outbox: OUTBOX_STATUSES,
  failureKind: ['permanent', 'unknown', 'cancelled', 'expired_claim'],
  taskKind: TASK_KINDS,
  taskStatus: ['open', 'done', 'cancelled'],
  disputeReason: DISPUTE_REASONS,
  disputeStatus: ['open', 'resolved'],
  disputeResolution: ['credit_note', 'partial_write_off', 'rejected'],
  callOutcome: [...CALL_OUTCOMES, 'unreachable'],
  channel: CHANNELS,
  contactChannel: CONTACT_CHANNELS,
  contactRole: ['accounts_payable', 'billing', 'owner', 'primary', 'legal', 'other'],
  userRole: ROLES,
  risk: RISK_LEVELS,
  invoiceStatus: ['open', 'paid', 'overdue'],
  ledgerKind: ['invoice', 'payment', 'credit_note', 'refund', 'adjustment'],
  actionStatus: ['planned', 'sent', 'failed', 'skipped', 'cancelled', 'awaiting_approval', 'rejected'],
  planStatus: ['active', 'cancelled'],
  caseStatus: ['open', 'closed'],
  sender: SENDER_IDENTITIES,
  nextStep: ['send', 'notify_owner', 'none'],
  tone: ['vague', 'apologetic', 'accusatory', 'threatening'],
  language: ['fr', 'en', 'nl', 'de'],
};

function translator(messages: Record<string, string>) {
  return (key: MessageKey, values?: Record<string, string | number>) =>
    messages[key]!.replace(/\{(\w+)\}/g, (whole, name: string) => (values && name in values ? String(values[name]) : whole));
}
const english = { t: translator(en), locale: 'en-150', language: 'en' as const };
const french = { t: translator(fr), locale: 'fr-FR', language: 'fr' as const };

describe('the web message catalogue', () => {
  it('has every key the web app asks for, in English and in French', () => {
    const missing: string[] = [];
    for (const file of sources(WEB_SRC)) {
      const text = readFileSync(file, 'utf8');
      const where = file.slice(WEB_SRC.length + 1);
      for (const match of text.matchAll(/\b(?:t|translate)\(\s*'([^']+)'/g)) if (!keys.has(match[1]!)) missing.push(`${where}: ${match[1]}`);
      for (const match of text.matchAll(/\btn\(\s*'([^']+)'/g)) {
        for (const form of ['one', 'other']) if (!keys.has(`${match[1]}.${form}`)) missing.push(`${where}: ${match[1]}.${form}`);
      }
      // A key built at run time (`tone.${category}`): some label must carry its prefix.
      for (const match of text.matchAll(/\b(?:t|translateOptional\(t,)\s*\(?\s*`([^`$]+)\$\{/g)) {
        if (![...keys].some((key) => key.startsWith(match[1]!))) missing.push(`${where}: ${match[1]}…`);
      }
      // A key chosen between two written out: t(cond ? 'a' : 'b').
      for (const match of text.matchAll(/\bt\(\s*[^'`()]+\?\s*'([^']+)'\s*:\s*'([^']+)'/g)) {
        for (const key of [match[1]!, match[2]!]) if (!keys.has(key)) missing.push(`${where}: ${key}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('has a French label for every English one, never empty, with the same placeholders', () => {
    const problems: string[] = [];
    for (const key of keys) {
      const french = (fr as Record<string, string | undefined>)[key];
      if (french === undefined || french.trim() === '') problems.push(`${key}: no French label`);
      else if (placeholders(french).join() !== placeholders(en[key as MessageKey]).join()) problems.push(`${key}: {${placeholders(en[key as MessageKey]).join('} {')}} in English, {${placeholders(french).join('} {')}} in French`);
      if (en[key as MessageKey].trim() === '') problems.push(`${key}: empty English label`);
    }
    expect(problems).toEqual([]);
  });

  it('has a label, in both languages, for every status, outcome and kind the API can answer', () => {
    const missing = Object.entries(API_CODES).flatMap(([kind, codes]) =>
      codes.filter((code) => !keys.has(`${STATUS_KEY_PREFIX[kind as StatusKind]}${code}`)).map((code) => `${kind}: ${code}`),
    );
    expect(missing).toEqual([]);
    expect(statusLabel('disputeReason', 'not_delivered', english.t)).toBe('Not delivered');
    expect(statusLabel('disputeReason', 'not_delivered', french.t)).toBe('Non livré');
    expect(statusLabel('actionStatus', 'approved', french.t)).toBe('Approuvée');
    // A code the catalogue does not know yet still reads as words.
    expect(statusLabel('outbox', 'waiting_for_partner', english.t)).toBe('Waiting for partner');
  });

  it('explains every variable the template editor offers, in both languages', () => {
    expect(TEMPLATE_VARIABLES.filter((variable) => !keys.has(`templates.variable.${variable.name}`)).map((variable) => variable.name)).toEqual([]);
  });
});

describe('errors in words', () => {
  it('turns the API field errors into sentences in the reader’s language', () => {
    expect(fieldErrorSentence({ field: 'minimum_gap_days', message: 'must be integer' }, english)).toBe('Enter a whole number of days.');
    expect(fieldErrorSentence({ field: 'minimum_gap_days', message: 'must be integer' }, french)).toBe('Saisissez un nombre entier de jours.');
    expect(fieldErrorSentence({ field: 'note', message: 'must NOT have more than 2000 characters' }, french)).toBe('La note : 2000 caractères au plus.');
    expect(fieldErrorSentence({ field: 'on', message: 'must be a date from 1900-01-01 to 2199-12-31' }, english)).toBe('The date: enter a date between 1 January 1900 and 31 December 2199.');
    expect(fieldErrorSentence({ field: 'reason', message: 'must be one of: invoice_error, not_delivered' }, english)).toBe('The reason: pick one of the choices offered.');
    // A field the catalogue does not name is spelt out, never left as a code.
    expect(fieldErrorSentence({ field: 'handoff_minimum.amount', message: 'is required' }, french)).toBe('Le montant : ce champ est obligatoire.');
    expect(fieldErrorSentence({ field: 'formal_notice_min_reminders', message: 'must be <= 10' }, english)).toBe('Formal notice min reminders: enter 10 or less.');
  });

  it('turns a Liquid error into a sentence that names the variable and the place', () => {
    const detail = 'firm-reminder.fr.liquid:2:16: variable "customer.surnom" is not defined';
    expect(templateErrorSentence(detail, french.t)).toBe('Ligne 2, colonne 16 : le modèle utilise {{ customer.surnom }}, qui n’existe pas. Choisissez une variable dans la liste.');
    const error = new ApiError(422, { status: 422, detail, errors: [{ field: 'text', message: detail }] });
    expect(problemSentence(error, english)).toEqual({ text: 'Line 2, column 16: the template uses {{ customer.surnom }}, which does not exist. Pick a variable from the list.', lang: 'en' });
  });
});
