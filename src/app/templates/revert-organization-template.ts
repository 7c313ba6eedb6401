import { AppError } from '../../core/app-error.js';
import type { MessageLanguage } from '../../core/scenarios/scenario.js';
import type { Db } from '../../adapters/db/database.js';
import { deleteOrganizationTemplate } from '../../adapters/db/stores/organization-templates.js';
import { templateName } from '../../adapters/templates/liquid-renderer.js';
import { replaceableBuiltInText } from './save-organization-template.js';

/** Drops the organization's own text of a template: its messages use the built-in one again. */
export async function revertOrganizationTemplate(db: Db, organizationId: string, templateId: string, language: MessageLanguage): Promise<void> {
  replaceableBuiltInText(templateId, language);
  if (!(await deleteOrganizationTemplate(db, organizationId, templateId, language))) {
    throw new AppError('not_found', `${templateName(templateId, language)} has no text of the organization's own; it already uses the built-in one`, { field: 'id' });
  }
}
