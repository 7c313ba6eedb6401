import { fileURLToPath } from 'node:url';
import type { Db } from '../../adapters/db/database.js';
import type { OrganizationTemplateRow } from '../../adapters/db/schema.js';
import { listOrganizationTemplates } from '../../adapters/db/stores/organization-templates.js';
import { createTemplateRenderer, templateName, type TemplateRenderer } from '../../adapters/templates/liquid-renderer.js';
import { readTemplateDirectory } from '../../adapters/templates/read-template-directory.js';
import type { MessageLanguage } from '../../core/scenarios/scenario.js';

const TEMPLATE_DIR = fileURLToPath(new URL('../../../templates/', import.meta.url));

let sharedFiles: Readonly<Record<string, string>> | null = null;
let shared: TemplateRenderer | null = null;

/** The built-in template files (`firm-reminder.fr` → Liquid text), read once per process. */
export function builtInTemplateFiles(): Readonly<Record<string, string>> {
  sharedFiles ??= Object.freeze(readTemplateDirectory(TEMPLATE_DIR));
  return sharedFiles;
}

/** The built-in message templates, read once per process. */
export function builtInTemplateRenderer(): TemplateRenderer {
  shared ??= createTemplateRenderer(builtInTemplateFiles());
  return shared;
}

/** The built-in files with the organization's own texts in place of the ones it replaced. */
export function templateFilesWith(own: readonly Pick<OrganizationTemplateRow, 'template_id' | 'language' | 'source'>[]): Record<string, string> {
  const files: Record<string, string> = { ...builtInTemplateFiles() };
  for (const row of own) files[templateName(row.template_id, row.language as MessageLanguage)] = row.source;
  return files;
}

/**
 * The templates an organization's messages are written with: its own texts over the built-in
 * ones. Read at each call, so a text saved a moment ago is the one the next run sends.
 */
export async function organizationTemplateRenderer(db: Db, organizationId: string): Promise<TemplateRenderer> {
  const own = await listOrganizationTemplates(db, organizationId);
  if (own.length === 0) return builtInTemplateRenderer();
  return createTemplateRenderer(templateFilesWith(own));
}
