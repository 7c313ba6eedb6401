import { fileURLToPath } from 'node:url';
import { AppError } from '../../core/app-error.js';
import type { PlainDate } from '../../core/plain-date.js';
import { MESSAGE_LANGUAGES, type MessageLanguage } from '../../core/scenarios/scenario.js';
import type { TemplateContext, TemplateMoney } from '../../core/templates/template-context.js';
import { splitTemplateSections } from '../../core/templates/template-file.js';
import type { Db } from '../../adapters/db/database.js';
import type { OrganizationTemplateRow } from '../../adapters/db/schema.js';
import { deleteOrganizationTemplate, listOrganizationTemplates, putOrganizationTemplate } from '../../adapters/db/stores/organization-templates.js';
import { findIncludeCycle } from '../../adapters/templates/include-cycle.js';
import { createTemplateRenderer, templateName, type RenderedMessage } from '../../adapters/templates/liquid-renderer.js';
import { readTemplateDirectory } from '../../adapters/templates/read-template-directory.js';
import { aboutText } from '../templates/template-text-error.js';

const AGENCY_TEMPLATE_DIR = fileURLToPath(new URL('../../../templates/agency/', import.meta.url));

/** The steps of an agency's own scenario, in days since the case was handed to it. */
export const AGENCY_STEPS = [
  { key: 'first_letter', templateId: 'agency-first-letter', day: 0 },
  { key: 'reminder', templateId: 'agency-reminder', day: 10 },
  { key: 'last_notice', templateId: 'agency-last-notice', day: 20 },
] as const;
export type AgencyStep = (typeof AGENCY_STEPS)[number];
export type AgencyTemplateId = AgencyStep['templateId'];
export const AGENCY_TEMPLATE_IDS: readonly AgencyTemplateId[] = AGENCY_STEPS.map((step) => step.templateId);

/**
 * What an agency's letter may say: the creditor's customer and its handed invoices still open,
 * who writes (`sender`: the agency, or the creditor when the agency writes in its name), the
 * creditor, and where to pay (the creditor's account: payments are the creditor's).
 */
export interface AgencyLetterContext {
  language: MessageLanguage;
  today: PlainDate;
  pay_by: PlainDate;
  /** True when the agency writes in its own name; false in the creditor's. */
  own_name: boolean;
  customer: { name: string; number: string };
  creditor: { name: string };
  sender: { name: string; email: string };
  mandate: { starts_on: PlainDate };
  /** The day the previous letter of the agency's scenario went; the day of hand-off before the first. */
  previous_letter_on: PlainDate;
  invoices: { number: string; due_date: PlainDate; days_overdue: number; open: TemplateMoney }[];
  balance: TemplateMoney;
  payment: { beneficiary: string; iban: string; bic: string; reference: string } | null;
}

let builtIn: Readonly<Record<string, string>> | null = null;

/** The agency scenario's built-in template files (`agency-reminder.fr` → Liquid text), read once per process. */
export function agencyBuiltInTemplateFiles(): Readonly<Record<string, string>> {
  builtIn ??= Object.freeze(readTemplateDirectory(AGENCY_TEMPLATE_DIR));
  return builtIn;
}

function filesWith(own: readonly Pick<OrganizationTemplateRow, 'template_id' | 'language' | 'source'>[]): Record<string, string> {
  const files: Record<string, string> = { ...agencyBuiltInTemplateFiles() };
  for (const row of own) {
    if ((AGENCY_TEMPLATE_IDS as readonly string[]).includes(row.template_id)) files[templateName(row.template_id, row.language as MessageLanguage)] = row.source;
  }
  return files;
}

/** The agency's own texts of its scenario's templates, over the built-in ones. */
export async function agencyTemplateFiles(db: Db, agencyOrganizationId: string): Promise<Record<string, string>> {
  return filesWith(await listOrganizationTemplates(db, agencyOrganizationId));
}

/** Renders one step's letter, strictly: an unknown variable is an error, never a blank in a customer's letter. */
export function renderAgencyLetter(files: Readonly<Record<string, string>>, templateId: AgencyTemplateId, context: AgencyLetterContext): RenderedMessage {
  // The renderer takes any context object; an agency letter's differs from a scenario step's.
  return createTemplateRenderer(files).render(templateId, context.language, context as unknown as TemplateContext, undefined, { html: false });
}

/** A complete context with made-up figures, to check a text before it is stored. */
export function sampleAgencyLetterContext(language: MessageLanguage, options: { ownName: boolean; withPayment: boolean }): AgencyLetterContext {
  return {
    language,
    today: '2026-04-01' as PlainDate,
    pay_by: '2026-04-09' as PlainDate,
    own_name: options.ownName,
    customer: { name: 'Boulangerie Martin', number: 'C-0042' },
    creditor: { name: 'Atelier Durand SAS' },
    sender: options.ownName ? { name: 'Recouvre SAS', email: 'dossiers@recouvre.example' } : { name: 'Atelier Durand', email: 'relances@atelier-durand.example' },
    mandate: { starts_on: '2026-03-20' as PlainDate },
    previous_letter_on: '2026-03-20' as PlainDate,
    invoices: [
      { number: 'F-2025-0456', due_date: '2025-12-31' as PlainDate, days_overdue: 91, open: { minor: 1_234_56, currency: 'EUR' } },
      { number: 'F-2026-0012', due_date: '2026-01-31' as PlainDate, days_overdue: 60, open: { minor: 480_00, currency: 'EUR' } },
    ],
    balance: { minor: 1_714_56, currency: 'EUR' },
    payment: options.withPayment ? { beneficiary: 'Atelier Durand SAS', iban: 'FR76 3000 6000 0112 3456 7890 189', bic: 'AGRIFRPP', reference: 'C-0042' } : null,
  };
}

export interface AgencyTemplateJson {
  id: string;
  template: AgencyTemplateId;
  language: MessageLanguage;
  text: string;
  override: { text: string; updated_at: string } | null;
}

/** Every template of the agency's scenario in every language, with the agency's own text where it replaced the built-in one. */
export async function listAgencyTemplates(db: Db, agencyOrganizationId: string): Promise<AgencyTemplateJson[]> {
  const own = new Map((await listOrganizationTemplates(db, agencyOrganizationId)).map((row) => [templateName(row.template_id, row.language as MessageLanguage), row]));
  const files = agencyBuiltInTemplateFiles();
  return AGENCY_TEMPLATE_IDS.flatMap((template) =>
    MESSAGE_LANGUAGES.map((language) => {
      const id = templateName(template, language);
      const row = own.get(id);
      return { id, template, language, text: files[id]!, override: row ? { text: row.source, updated_at: row.updated_at } : null };
    }),
  );
}

function requireAgencyTemplateId(templateId: string): AgencyTemplateId {
  if (!(AGENCY_TEMPLATE_IDS as readonly string[]).includes(templateId)) {
    throw new AppError('not_found', `there is no template ${templateId} in the agency's scenario`, { field: 'id' });
  }
  return templateId as AgencyTemplateId;
}

/**
 * Stores the agency's own text of one of its scenario's templates once it is known to work: a
 * subject and a text, no inclusion of itself, and a strict render against a complete sample in
 * its own name and in the creditor's, with and without bank details.
 */
export async function saveAgencyTemplate(db: Db, agencyOrganizationId: string, input: { templateId: string; language: MessageLanguage; text: string; updatedBy: string | null }): Promise<AgencyTemplateJson> {
  const template = requireAgencyTemplateId(input.templateId);
  const name = templateName(template, input.language);
  const file = `${name}.liquid`;
  const sections = aboutText(() => splitTemplateSections(input.text, file));
  const missing = (['subject', 'text'] as const).filter((section) => !sections[section]?.source.trim());
  if (missing.length > 0) throw new AppError('validation_failed', `${file}: the template needs the section(s) ${missing.join(', ')}`, { field: 'text', file });
  const files = { ...(await agencyTemplateFiles(db, agencyOrganizationId)), [name]: input.text };
  const cycle = findIncludeCycle(files, name);
  if (cycle) throw new AppError('validation_failed', `${file}:${cycle.line}:${cycle.column}: the template includes itself, so it could never be rendered to the end`, { field: 'text', file, line: cycle.line, column: cycle.column });
  for (const ownName of [true, false]) {
    for (const withPayment of [true, false]) aboutText(() => renderAgencyLetter(files, template, sampleAgencyLetterContext(input.language, { ownName, withPayment })));
  }
  await putOrganizationTemplate(db, agencyOrganizationId, { templateId: template, language: input.language, source: input.text, updatedBy: input.updatedBy });
  return (await listAgencyTemplates(db, agencyOrganizationId)).find((item) => item.id === name)!;
}

/** Drops the agency's own text: its letters use the built-in one again. */
export async function revertAgencyTemplate(db: Db, agencyOrganizationId: string, templateId: string, language: MessageLanguage): Promise<void> {
  await deleteOrganizationTemplate(db, agencyOrganizationId, requireAgencyTemplateId(templateId), language);
}
