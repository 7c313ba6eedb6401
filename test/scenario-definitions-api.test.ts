import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { buildApp } from '../src/http/build-app.js';
import { eur, signIn, type ApiCaller } from './support/api-session.js';
import { collectionOrganization } from './support/collection-ledger.js';
import { ENGINES, freshDatabase } from './support/engines.js';

const PASSWORD = 'definitions secret';

interface StepJson {
  id: string;
  name: { fr: string; en: string };
  offset_days: number;
  channel: string;
  sender: string;
  templates: Record<string, string>;
  requires_approval: boolean;
  states_late_fees: boolean;
  notify_owner_before_days: number;
  conditions: { min_balance: { amount: string; currency: string }; segments: string[]; risk_levels: string[] };
}

interface ScenarioJson {
  id: string;
  name: { fr: string; en: string };
  description: { fr: string; en: string } | null;
  source: string;
  steps: StepJson[];
}

/** A key-account scenario an organization made its own: conditions, a template per language, owner notices. */
const tailored = {
  id: 'tailored',
  name: { fr: 'Sur mesure', en: 'Tailored' },
  description: { fr: 'Grands comptes du secteur public', en: 'Public-sector key accounts' },
  steps: [
    {
      id: 'early-note', name: { fr: 'Note amicale', en: 'Friendly note' }, offset_days: -7, channel: 'email',
      templates: { fr: 'friendly-pre-due', en: 'friendly-pre-due', nl: 'courteous-reminder', de: 'courteous-reminder' },
      sender: 'named_collector', conditions: { min_balance_minor: 250_00, segments: ['public', 'key-account'], risk_levels: ['medium', 'high'] },
    },
    {
      id: 'firm', name: { fr: 'Relance ferme', en: 'Firm reminder' }, offset_days: 25, channel: 'letter', template: 'firm-reminder',
      sender: 'accounts_team', requires_approval: true, states_late_fees: true, notify_owner_before: 3,
    },
  ],
};

/** The document `PUT /api/scenarios/:id` takes, written from what the definitions list shows. */
function documentOf(scenario: ScenarioJson) {
  return {
    id: scenario.id,
    name: scenario.name,
    ...(scenario.description ? { description: scenario.description } : {}),
    steps: scenario.steps.map((step) => ({
      id: step.id, name: step.name, offset_days: step.offset_days, channel: step.channel, templates: step.templates, sender: step.sender,
      conditions: step.conditions, requires_approval: step.requires_approval, states_late_fees: step.states_late_fees, notify_owner_before: step.notify_owner_before_days,
    })),
  };
}

describe.each(ENGINES)('scenario definitions API on %s', (engine) => {
  let db: Db;
  let app: FastifyInstance;
  const as: Record<'collector' | 'viewer', ApiCaller> = {} as never;

  beforeAll(async () => {
    db = await freshDatabase(engine);
    const org = await collectionOrganization(db);
    for (const role of ['collector', 'viewer'] as const) await createUser(db, org.id, { email: `${role}@atelier.test`, name: role, password: PASSWORD, role });
    app = await buildApp({ db });
    await app.ready();
    for (const role of ['collector', 'viewer'] as const) as[role] = await signIn(app, `${role}@atelier.test`, PASSWORD);
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  const definitions = async (caller: ApiCaller = as.viewer): Promise<ScenarioJson[]> => {
    const response = await caller.get('/api/scenarios/definitions');
    expect(response.statusCode, response.body).toBe(200);
    return response.json().items;
  };
  const definition = async (id: string) => (await definitions()).find((scenario) => scenario.id === id);

  it("shows every field of a step, its conditions with the minimum balance in the organization's currency", async () => {
    const saved = await as.collector.request('PUT', '/api/scenarios/tailored', tailored);
    expect(saved.statusCode, saved.body).toBe(200);
    const shown = await definition('tailored');
    expect(shown).toEqual({
      id: 'tailored',
      name: tailored.name,
      description: tailored.description,
      source: 'custom',
      steps: [
        {
          id: 'early-note', name: { fr: 'Note amicale', en: 'Friendly note' }, offset_days: -7, channel: 'email', sender: 'named_collector',
          templates: { fr: 'friendly-pre-due', en: 'friendly-pre-due', nl: 'courteous-reminder', de: 'courteous-reminder' },
          requires_approval: false, states_late_fees: false, notify_owner_before_days: 0,
          conditions: { min_balance: eur('250.00'), segments: ['public', 'key-account'], risk_levels: ['medium', 'high'] },
        },
        {
          id: 'firm', name: { fr: 'Relance ferme', en: 'Firm reminder' }, offset_days: 25, channel: 'letter', sender: 'accounts_team',
          templates: { fr: 'firm-reminder', en: 'firm-reminder', nl: 'firm-reminder', de: 'firm-reminder' },
          requires_approval: true, states_late_fees: true, notify_owner_before_days: 3,
          conditions: { min_balance: eur('0.00'), segments: [], risk_levels: [] },
        },
      ],
    });
    // The answer to the save is the same scenario.
    expect(saved.json()).toEqual(shown);
    // The built-in scenarios are listed too: a call only from EUR 10,000, a formal notice from EUR 150.
    const standard = await definition('standard');
    expect(standard?.source).toBe('built_in');
    expect(Object.fromEntries(standard!.steps.filter((step) => step.conditions.min_balance.amount !== '0.00').map((step) => [step.id, step.conditions.min_balance]))).toEqual({
      'phone-call': eur('10000.00'),
      'formal-notice': eur('150.00'),
    });
    expect(standard?.steps.every((step) => step.conditions.segments.length === 0)).toBe(true);
  });

  it('takes back what it shows: a scenario sent back unchanged stays identical', async () => {
    const before = await definitions();
    const tailoredBefore = before.find((scenario) => scenario.id === 'tailored')!;
    const again = await as.collector.request('PUT', '/api/scenarios/tailored', documentOf(tailoredBefore));
    expect(again.statusCode, again.body).toBe(200);
    expect(await definitions()).toEqual(before);
  });

  it('reads a minimum balance given as money, and names the field when the amount or its currency is wrong', async () => {
    const withMoney = documentOf((await definition('tailored'))!);
    withMoney.steps[1]!.conditions = { ...withMoney.steps[1]!.conditions, min_balance: eur('1500.50') };
    const saved = await as.collector.request('PUT', '/api/scenarios/tailored', withMoney);
    expect(saved.statusCode, saved.body).toBe(200);
    expect((await definition('tailored'))!.steps[1]!.conditions.min_balance).toEqual(eur('1500.50'));

    const problems: Array<[unknown, string]> = [
      [{ amount: '12,50', currency: 'EUR' }, 'steps[1].conditions.min_balance.amount'],
      [{ amount: '12.50', currency: 'USD' }, 'steps[1].conditions.min_balance.currency'],
      [{ amount: '-5.00', currency: 'EUR' }, 'steps[1].conditions.min_balance.amount'],
      ['12.50', 'steps[1].conditions.min_balance'],
    ];
    for (const [minBalance, field] of problems) {
      const wrong = documentOf((await definition('tailored'))!);
      wrong.steps[1]!.conditions = { ...wrong.steps[1]!.conditions, min_balance: minBalance as never };
      const refused = await as.collector.request('PUT', '/api/scenarios/tailored', wrong);
      expect(refused.statusCode, JSON.stringify(minBalance)).toBe(422);
      expect(refused.json().errors[0].field).toBe(field);
    }
    expect((await definition('tailored'))!.steps[1]!.conditions.min_balance).toEqual(eur('1500.50'));
  });

  it('creates a copy under a new id only, when asked with If-None-Match: *', async () => {
    const copy = { ...documentOf((await definition('tailored'))!), id: 'tailored-copy', name: { fr: 'Sur mesure (copie)', en: 'Tailored (copy)' } };
    const before = await definitions();
    for (const taken of ['tailored', 'standard']) {
      const refused = await app.inject({ method: 'PUT', url: `/api/scenarios/${taken}`, payload: { ...copy, id: taken }, headers: { ...(await headersOf('collector')), 'if-none-match': '*' } });
      expect(refused.statusCode, taken).toBe(409);
      expect(refused.json().errors[0].field).toBe('id');
    }
    // Neither the own scenario nor the built-in one was touched.
    expect(await definitions()).toEqual(before);

    const created = await app.inject({ method: 'PUT', url: '/api/scenarios/tailored-copy', payload: copy, headers: { ...(await headersOf('collector')), 'if-none-match': '*' } });
    expect(created.statusCode, created.body).toBe(200);
    const shown = await definition('tailored-copy');
    expect(shown?.name.en).toBe('Tailored (copy)');
    expect(shown?.steps).toEqual(before.find((scenario) => scenario.id === 'tailored')!.steps);
  });

  async function headersOf(role: 'collector'): Promise<Record<string, string>> {
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: `${role}@atelier.test`, password: PASSWORD } });
    const cookie = [login.headers['set-cookie']].flat().find((c) => c?.startsWith('relance_session='))!;
    return { cookie: cookie.split(';')[0]! };
  }
});
