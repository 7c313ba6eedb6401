import { fileURLToPath } from 'node:url';
import { BUILT_IN_SCENARIOS } from '../../../core/scenarios/built-in.js';
import { MESSAGE_LANGUAGES, type MessageLanguage } from '../../../core/scenarios/scenario.js';
import { readTemplateDirectory } from '../../../adapters/templates/read-template-directory.js';

const TEMPLATE_DIR = fileURLToPath(new URL('../../../../templates/', import.meta.url));

export interface BuiltInTemplate {
  id: string;
  template: string;
  language: MessageLanguage;
  partial: boolean;
  formal: boolean;
  text: string;
}

// Formal notices and hand-offs state what happens if the customer does not pay; the tone check
// must not flag that as a threat there.
const FORMAL_CHANNELS = new Set(['registered_letter', 'handoff']);
const formalTemplates = new Set(
  BUILT_IN_SCENARIOS.flatMap((scenario) => scenario.steps.filter((step) => FORMAL_CHANNELS.has(step.channel)).flatMap((step) => Object.values(step.templates))),
);

/** The template files shipped in `templates/`, read afresh so an edited file shows at once. */
export function listBuiltInTemplates(): BuiltInTemplate[] {
  const files = readTemplateDirectory(TEMPLATE_DIR);
  const templates: BuiltInTemplate[] = [];
  for (const [id, text] of Object.entries(files)) {
    const match = /^(.+)\.([a-z]{2})$/.exec(id);
    if (!match || !(MESSAGE_LANGUAGES as readonly string[]).includes(match[2]!)) continue;
    const template = match[1]!;
    templates.push({ id, template, language: match[2] as MessageLanguage, partial: template.startsWith('_'), formal: formalTemplates.has(template), text });
  }
  return templates;
}
