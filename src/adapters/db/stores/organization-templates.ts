import type { MessageLanguage } from '../../../core/scenarios/scenario.js';
import type { Db } from '../database.js';
import { newId, nowIso } from '../ids.js';
import type { OrganizationTemplateRow } from '../schema.js';

/** The organization's own template texts, by template id then language. */
export async function listOrganizationTemplates(db: Db, organizationId: string): Promise<OrganizationTemplateRow[]> {
  return db.kysely
    .selectFrom('organization_templates')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .orderBy('template_id')
    .orderBy('language')
    .execute();
}

export async function getOrganizationTemplate(db: Db, organizationId: string, templateId: string, language: MessageLanguage): Promise<OrganizationTemplateRow | undefined> {
  return db.kysely
    .selectFrom('organization_templates')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('template_id', '=', templateId)
    .where('language', '=', language)
    .executeTakeFirst();
}

/** Stores a text already checked by the caller, replacing the organization's previous one. */
export async function putOrganizationTemplate(
  db: Db,
  organizationId: string,
  template: { templateId: string; language: MessageLanguage; source: string; updatedBy: string | null },
): Promise<OrganizationTemplateRow> {
  const now = nowIso();
  await db.kysely
    .insertInto('organization_templates')
    .values({ id: newId(), organization_id: organizationId, template_id: template.templateId, language: template.language, source: template.source, updated_at: now, updated_by: template.updatedBy })
    .onConflict((oc) => oc.columns(['organization_id', 'template_id', 'language']).doUpdateSet({ source: template.source, updated_at: now, updated_by: template.updatedBy }))
    .execute();
  return (await getOrganizationTemplate(db, organizationId, template.templateId, template.language))!;
}

/** Removes the organization's own text; false when it had none. */
export async function deleteOrganizationTemplate(db: Db, organizationId: string, templateId: string, language: MessageLanguage): Promise<boolean> {
  const result = await db.kysely
    .deleteFrom('organization_templates')
    .where('organization_id', '=', organizationId)
    .where('template_id', '=', templateId)
    .where('language', '=', language)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
