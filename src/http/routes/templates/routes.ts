import type { FastifyInstance } from 'fastify';
import type { MessageLanguage } from '../../../core/scenarios/scenario.js';
import { checkTone, TONE_RULES } from '../../../core/templates/tone-check.js';
import { listBuiltInTemplates } from './list-built-in-templates.js';
import { templateListResponse, toneCheckBody, toneCheckResponse } from './schemas.js';

// checkTone applies the rules of every language; a hint's suggestion is written in the
// language of the rule that matched, so it tells which language the hint belongs to.
const suggestionsOf = new Map<MessageLanguage, Set<string>>();
for (const rule of TONE_RULES) {
  const set = suggestionsOf.get(rule.language) ?? new Set<string>();
  set.add(rule.suggestion);
  suggestionsOf.set(rule.language, set);
}

export async function templateRoutes(app: FastifyInstance): Promise<void> {
  const tags = ['templates'];

  app.get(
    '/api/templates',
    { schema: { tags, summary: 'The built-in message templates, one per template id and language, with their Liquid text', response: { 200: templateListResponse } } },
    async () => ({ items: listBuiltInTemplates() }),
  );

  // Checking wording changes nothing, but it serves the people who write templates, so it
  // keeps the default rule for a POST: administrators and collectors.
  app.post<{ Body: { text: string; language: MessageLanguage; formal?: boolean } }>(
    '/api/templates/tone-check',
    { schema: { tags, summary: 'Vague, apologetic, accusatory or threatening wording in a template text, with line:column and a neutral wording', body: toneCheckBody, response: { 200: toneCheckResponse } } },
    async (request) => {
      const { text, language, formal } = request.body;
      const own = suggestionsOf.get(language) ?? new Set<string>();
      return { hints: checkTone(text, { formal: formal === true }).filter((hint) => own.has(hint.suggestion)) };
    },
  );
}
