import { BUILT_IN_SCENARIOS } from '../../core/scenarios/built-in.js';
import type { Channel, MessageLanguage, Scenario } from '../../core/scenarios/scenario.js';
import type { Db } from '../../adapters/db/database.js';
import { listCustomScenarios } from '../../adapters/db/stores/collection-scenarios.js';
import { THANK_YOU_TEMPLATE_ID } from '../collection/send-thank-you.js';

/** The organization's scenarios: its own, and the built-in ones it did not redefine. */
export async function listOrganizationScenarios(db: Db, organizationId: string): Promise<Scenario[]> {
  const own = await listCustomScenarios(db, organizationId);
  const ownIds = new Set(own.map((scenario) => scenario.id));
  return [...BUILT_IN_SCENARIOS.filter((scenario) => !ownIds.has(scenario.id)), ...own];
}

/**
 * The channels a template goes out on for this organization: every step of its scenarios that
 * names it in that language, and the thank-you email. A saved text must have what each of
 * them sends (an email needs its html, an SMS only text).
 */
export async function findTemplateChannels(db: Db, organizationId: string, templateId: string, language: MessageLanguage): Promise<Channel[]> {
  const channels = new Set<Channel>();
  for (const scenario of await listOrganizationScenarios(db, organizationId)) {
    for (const step of scenario.steps) if (step.templates[language] === templateId) channels.add(step.channel);
  }
  if (templateId === THANK_YOU_TEMPLATE_ID) channels.add('email');
  return [...channels];
}
