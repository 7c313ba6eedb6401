import { AppError } from '../../core/app-error.js';
import type { MessageLanguage } from '../../core/scenarios/scenario.js';
import { sampleTemplateContext } from '../../core/templates/template-context.js';
import { requireSectionsFor, splitTemplateSections, TEMPLATE_SECTIONS } from '../../core/templates/template-file.js';
import type { Db } from '../../adapters/db/database.js';
import type { OrganizationTemplateRow } from '../../adapters/db/schema.js';
import { listOrganizationTemplates, putOrganizationTemplate } from '../../adapters/db/stores/organization-templates.js';
import { findIncludeCycle } from '../../adapters/templates/include-cycle.js';
import { createTemplateRenderer, templateName } from '../../adapters/templates/liquid-renderer.js';
import { builtInTemplateFiles, templateFilesWith } from '../collection/message-templates.js';
import { findTemplateChannels } from './find-template-channels.js';
import { aboutText } from './template-text-error.js';

/**
 * The built-in text an organization may replace. Shared blocks (`_invoices`…) are not among
 * them: every template of the language includes them, so one edit there would change messages
 * the editor never showed.
 */
export function replaceableBuiltInText(templateId: string, language: MessageLanguage): string {
  const name = templateName(templateId, language);
  if (templateId.startsWith('_')) {
    throw new AppError('validation_failed', `${name} is a shared block; change the templates that include it instead`, { field: 'id' });
  }
  const text = builtInTemplateFiles()[name];
  if (text === undefined) throw new AppError('not_found', `there is no template ${name}.liquid`, { field: 'id' });
  return text;
}

export interface TemplateToSave {
  templateId: string;
  language: MessageLanguage;
  text: string;
  /** The user saving it; null for an API key. */
  updatedBy: string | null;
}

/**
 * Stores an organization's own text of a built-in template, once it is known to work: its
 * sections are well formed and complete for every channel that sends it, and it renders,
 * strictly, against a complete sample context with and without late fees, so an unknown
 * variable or filter is refused now with its line:column rather than met by the run. A text
 * that includes itself, directly or through the templates it includes, is refused with the
 * place of the inclusion.
 */
export async function saveOrganizationTemplate(db: Db, organizationId: string, input: TemplateToSave): Promise<OrganizationTemplateRow> {
  const { templateId, language, text } = input;
  const builtIn = replaceableBuiltInText(templateId, language);
  const file = `${templateName(templateId, language)}.liquid`;
  const sections = aboutText(() => splitTemplateSections(text, file));
  const channels = await findTemplateChannels(db, organizationId, templateId, language);
  if (channels.length > 0) {
    for (const channel of channels) aboutText(() => requireSectionsFor(channel, sections, file));
  } else {
    // Sent by no step today: keep at least what the built-in text has, for the step that will.
    const builtInSections = splitTemplateSections(builtIn, file);
    const missing = TEMPLATE_SECTIONS.filter((name) => builtInSections[name] && !sections[name]?.source.trim());
    if (missing.length > 0) throw new AppError('validation_failed', `${file}: the template needs the section(s) ${missing.join(', ')}`, { field: 'text', file });
  }
  const others = (await listOrganizationTemplates(db, organizationId)).filter((row) => !(row.template_id === templateId && row.language === language));
  const name = templateName(templateId, language);
  const cycle = findIncludeCycle({ ...templateFilesWith(others), [name]: text }, name);
  if (cycle) {
    const through = cycle.chain.slice(1, -1);
    throw new AppError(
      'validation_failed',
      `${file}:${cycle.line}:${cycle.column}: the template includes itself${through.length > 0 ? ` through ${through.join(', then ')}` : ''}, so it could never be rendered to the end`,
      { field: 'text', file, line: cycle.line, column: cycle.column },
    );
  }
  const renderer = createTemplateRenderer(templateFilesWith(others));
  // An organization without bank details has `payment` null: a text that reads it unguarded is refused now.
  for (const withLateFees of [false, true]) {
    for (const withoutBankDetails of [false, true]) {
      aboutText(() => renderer.renderSource(text, file, language, sampleTemplateContext(language, { withLateFees, withoutBankDetails })));
    }
  }
  return putOrganizationTemplate(db, organizationId, { templateId, language, source: text, updatedBy: input.updatedBy });
}
