import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { saveCustomScenario } from '../src/adapters/db/stores/collection-scenarios.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { STANDARD_SCENARIO } from '../src/core/scenarios/built-in.js';
import { buildApp } from '../src/http/build-app.js';
import { callerWith, signIn, type ApiCaller } from './support/api-session.js';
import { ENGINES, freshDatabase } from './support/engines.js';

const PASSWORD = 'correct horse battery';
const templatesDir = join(import.meta.dirname, '..', 'templates');

interface ListedStep {
  id: string;
  name: { fr: string; en: string };
  offset_days: number;
  channel: string;
  requires_approval: boolean;
}
interface ListedScenario {
  id: string;
  name: { fr: string; en: string };
  source: string;
  steps: ListedStep[];
}
interface Hint {
  category: string;
  text: string;
  line: number;
  column: number;
  suggestion: string;
  why: { fr: string; en: string };
}

describe.each(ENGINES)('scenarios and templates API on %s', (engine) => {
  let db: Db;
  let app: FastifyInstance;
  const as: Record<'admin' | 'collector' | 'sales' | 'viewer' | 'bravoAdmin', ApiCaller> = {} as never;

  beforeAll(async () => {
    db = await freshDatabase(engine);
    const alpha = await createOrganization(db, { name: 'Alpha', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr' });
    const bravo = await createOrganization(db, { name: 'Bravo', country: 'BE', currency: 'EUR', timeZone: 'Europe/Brussels', locale: 'fr' });
    for (const role of ['admin', 'collector', 'sales', 'viewer'] as const) {
      await createUser(db, alpha.id, { email: `${role}@alpha.test`, name: `Alpha ${role}`, password: PASSWORD, role });
    }
    await createUser(db, bravo.id, { email: 'admin@bravo.test', name: 'Bravo admin', password: PASSWORD, role: 'admin' });
    // Alpha writes a gentler scenario of its own and softens the built-in standard one.
    await saveCustomScenario(db, alpha.id, {
      id: 'gentle',
      name: { fr: 'Tout en douceur', en: 'Gentle' },
      description: null,
      steps: STANDARD_SCENARIO.steps.filter((step) => step.channel === 'email'),
    });
    await saveCustomScenario(db, alpha.id, { ...STANDARD_SCENARIO, steps: STANDARD_SCENARIO.steps.filter((step) => step.id !== 'handoff') });

    app = await buildApp({ db });
    await app.ready();
    for (const role of ['admin', 'collector', 'sales', 'viewer'] as const) as[role] = await signIn(app, `${role}@alpha.test`, PASSWORD);
    as.bravoAdmin = await signIn(app, 'admin@bravo.test', PASSWORD);
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  const scenariosOf = async (caller: ApiCaller): Promise<ListedScenario[]> => {
    const response = await caller.get('/api/scenarios');
    expect(response.statusCode, response.body).toBe(200);
    return response.json().items;
  };

  it('lists the three built-in scenarios with their steps by day from the due date, named in French and English', async () => {
    const scenarios = await scenariosOf(as.bravoAdmin);
    expect(scenarios.map((s) => [s.id, s.source])).toEqual([
      ['standard', 'built_in'],
      ['key-account', 'built_in'],
      ['high-risk', 'built_in'],
    ]);
    const standard = scenarios[0]!;
    expect(standard.steps.map((s) => [s.id, s.offset_days, s.channel])).toEqual([
      ['friendly-pre-due', -5, 'email'],
      ['courteous-reminder', 3, 'email'],
      ['phone-call', 8, 'call_task'],
      ['firm-reminder', 15, 'email'],
      ['firm-reminder-letter', 15, 'letter'],
      ['formal-notice', 30, 'registered_letter'],
      ['handoff', 45, 'handoff'],
    ]);
    // Only the formal notice and the hand-off wait for a person's approval.
    expect(standard.steps.filter((s) => s.requires_approval).map((s) => s.id)).toEqual(['formal-notice', 'handoff']);
    expect(standard.steps.find((s) => s.id === 'formal-notice')!.name).toEqual({ fr: 'Mise en demeure', en: 'Formal notice' });
  });

  it("shows an organization its own scenarios, in place of a built-in one they redefine, and to no other organization", async () => {
    const scenarios = await scenariosOf(as.viewer);
    expect(scenarios.map((s) => [s.id, s.source])).toEqual([
      ['standard', 'custom'],
      ['key-account', 'built_in'],
      ['high-risk', 'built_in'],
      ['gentle', 'custom'],
    ]);
    expect(scenarios[0]!.steps.map((s) => s.id)).not.toContain('handoff');
    expect(scenarios[3]!.name.fr).toBe('Tout en douceur');
    expect(scenarios[3]!.steps.every((s) => s.channel === 'email')).toBe(true);
    const bravo = await scenariosOf(as.bravoAdmin);
    expect(bravo.map((s) => s.id)).not.toContain('gentle');
    expect(bravo.find((s) => s.id === 'standard')!.steps.map((s) => s.id)).toContain('handoff');
  });

  it('lists the template files with their text, telling shared blocks and formal notices apart', async () => {
    const response = await as.viewer.get('/api/templates');
    expect(response.statusCode).toBe(200);
    const items: Array<{ id: string; template: string; language: string; partial: boolean; formal: boolean; text: string }> = response.json().items;
    const firm = items.find((item) => item.id === 'firm-reminder.fr')!;
    expect(firm).toMatchObject({ template: 'firm-reminder', language: 'fr', partial: false, formal: false });
    expect(firm.text).toBe(readFileSync(join(templatesDir, 'firm-reminder.fr.liquid'), 'utf8'));
    expect(items.find((item) => item.id === 'formal-notice.en')).toMatchObject({ formal: true, partial: false });
    expect(items.find((item) => item.id === 'handoff-notice.fr')).toMatchObject({ formal: true });
    expect(items.find((item) => item.id === '_invoices.nl')).toMatchObject({ partial: true, language: 'nl' });
    // Every file of the folder, none left out, none made up.
    const files = readdirSync(templatesDir).filter((name) => name.endsWith('.liquid')).map((name) => name.slice(0, -'.liquid'.length));
    expect(items.map((item) => item.id).sort()).toEqual(files.sort());
  });

  const toneCheck = async (caller: ApiCaller, body: object): Promise<Hint[]> => {
    const response = await caller.post('/api/templates/tone-check', body);
    expect(response.statusCode, response.body).toBe(200);
    return response.json().hints;
  };

  it('points at an apologetic French sentence by line and column and offers a neutral French wording', async () => {
    const [hint, ...others] = await toneCheck(as.collector, { text: 'Bonjour,\n\nNous sommes désolés de vous relancer pour la facture.', language: 'fr' });
    expect(others).toEqual([]);
    expect(hint).toMatchObject({ category: 'apologetic', text: 'désolés de vous relancer', line: 3, column: 13 });
    expect(hint!.suggestion).toContain('reste à régler');
    expect(hint!.why.en).toMatch(/apology/);
  });

  it('flags vague French and English wording, each under its own language only', async () => {
    const french = await toneCheck(as.admin, { text: 'Merci de régler dès que possible.', language: 'fr' });
    expect(french.map((h) => [h.category, h.text, h.line, h.column])).toEqual([['vague', 'dès que possible', 1, 17]]);
    const english = 'Hi,\nJust following up: please pay whenever you can.';
    expect((await toneCheck(as.admin, { text: english, language: 'en' })).map((h) => [h.category, h.text, h.line, h.column])).toEqual([
      ['vague', 'Just following up', 2, 1],
      ['vague', 'whenever you can', 2, 31],
    ]);
    // English words in a French template are not the French rules' business.
    expect(await toneCheck(as.admin, { text: english, language: 'fr' })).toEqual([]);
  });

  it('flags an apologetic English sentence, and threats only outside a formal notice', async () => {
    const hints = await toneCheck(as.collector, { text: 'Sorry to bother you. Without payment we will take legal action.', language: 'en' });
    expect(hints.map((h) => [h.category, h.text])).toEqual([
      ['apologetic', 'Sorry to bother you'],
      ['threatening', 'legal action'],
    ]);
    expect(hints[0]!.suggestion).toMatch(/^According to our records/);
    const formal = await toneCheck(as.collector, { text: 'Sorry to bother you. Without payment we will take legal action.', language: 'en', formal: true });
    expect(formal.map((h) => h.category)).toEqual(['apologetic']);
  });

  it('finds nothing to change in a clear, factual reminder', async () => {
    const text = 'Bonjour,\n\nSauf erreur de notre part, la facture F-1001 du 31/03/2025 reste à régler : 1 200,00 €.\nMerci de procéder au règlement avant le 15/04/2025.';
    expect(await toneCheck(as.collector, { text, language: 'fr' })).toEqual([]);
  });

  it('keeps the tone check to the roles that write templates, and asks for a language it knows', async () => {
    const body = { text: 'Sorry to bother you.', language: 'en' };
    expect((await as.viewer.post('/api/templates/tone-check', body)).statusCode).toBe(403);
    expect((await as.sales.post('/api/templates/tone-check', body)).statusCode).toBe(403);
    expect((await callerWith(app).post('/api/templates/tone-check', body)).statusCode).toBe(401);
    expect((await callerWith(app).get('/api/scenarios')).statusCode).toBe(401);
    const unknown = await as.admin.post('/api/templates/tone-check', { text: 'Hello', language: 'es' });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.body).toContain('language');
    expect((await as.sales.get('/api/scenarios')).statusCode).toBe(200);
    expect((await as.sales.get('/api/templates')).statusCode).toBe(200);
  });
});
