import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { updateCustomer } from '../src/adapters/db/stores/customers.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { buildApp } from '../src/http/build-app.js';
import { eur, signIn, type ApiCaller } from './support/api-session.js';
import { collectionOrganization, customerWithInvoices } from './support/collection-ledger.js';
import { ENGINES, freshDatabase } from './support/engines.js';

const PASSWORD = 'scenario secret';

const bilingual = (en: string) => ({ fr: en, en });
const step = (id: string, offsetDays: number, extra: Record<string, unknown> = {}) => ({
  id, name: bilingual(id), offset_days: offsetDays, channel: 'email', template: 'courteous-reminder', sender: 'accounts_team', ...extra,
});
const gentle = { id: 'gentle', name: bilingual('Gentle'), steps: [step('nudge', 4), step('second-nudge', 20, { requires_approval: true })] };

const YAML_SCENARIO = `id: imported
name: { fr: Importé, en: Imported }
steps:
  - id: first
    name: { fr: Premier, en: First }
    offset_days: 2
    channel: email
    template: courteous-reminder
    sender: accounts_team
`;

describe.each(ENGINES)('scenario administration API on %s', (engine) => {
  let db: Db;
  let app: FastifyInstance;
  const as: Record<'admin' | 'collector' | 'sales' | 'viewer', ApiCaller> = {} as never;
  let soonDue: string;

  beforeAll(async () => {
    db = await freshDatabase(engine);
    const org = await collectionOrganization(db, 'Atelier Durand', { senderEmail: null });
    const users: Record<string, string> = {};
    for (const role of ['admin', 'collector', 'sales', 'viewer'] as const) users[role] = (await createUser(db, org.id, { email: `${role}@atelier.test`, name: role, password: PASSWORD, role })).id;
    // Due on Saturday 2025-05-10: 3 days overdue on 2025-05-13, inside a 30-day window from 2025-05-01.
    soonDue = (await customerWithInvoices(db, org.id, 'C001', [['F-10', '2025-05-10', 1200_00]])).customer.id;
    await updateCustomer(db, org.id, soonDue, { owner_user_id: users.sales! });
    await customerWithInvoices(db, org.id, 'C002', [['F-20', '2025-09-30', 300_00]]);
    app = await buildApp({ db });
    await app.ready();
    for (const role of ['admin', 'collector', 'sales', 'viewer'] as const) as[role] = await signIn(app, `${role}@atelier.test`, PASSWORD);
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  const simulate = async (caller: ApiCaller = as.viewer) => {
    const response = await caller.get('/api/collection/simulation?days=30&as_of=2025-05-01');
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { from: string; items: { date: string; steps: { customer: { reference: string }; step_ids: string[]; channels: string[]; invoices: { number: string; open: unknown; days_overdue: number }[]; balance: unknown; requires_approval: boolean; reason: { en: string; fr: string } }[] }[] };
  };
  const stepsOf = (simulation: Awaited<ReturnType<typeof simulate>>, reference: string) =>
    simulation.items.flatMap((day) => day.steps.filter((s) => s.customer.reference === reference).map((s) => ({ date: day.date, ...s })));

  it('simulates the standard scenario: the courteous reminder on the day the invoice is 3 days overdue, each step once', async () => {
    const simulation = await simulate();
    expect(simulation.from).toBe('2025-05-01');
    expect(simulation.items).toHaveLength(30);
    expect(simulation.items[29]!.date).toBe('2025-05-30');
    const planned = stepsOf(simulation, 'C001');
    const courteous = planned.find((s) => s.step_ids.includes('courteous-reminder'));
    expect(courteous).toMatchObject({ date: '2025-05-13', channels: ['email'], balance: eur('1200.00'), invoices: [{ number: 'F-10', open: eur('1200.00'), days_overdue: 3 }] });
    expect(courteous!.reason.en).toContain('F-10');
    // The friendly note before the due date comes first; no step is planned twice.
    expect(planned[0]).toMatchObject({ date: '2025-05-05', step_ids: ['friendly-pre-due'] });
    const ids = planned.flatMap((s) => s.step_ids);
    expect(new Set(ids).size).toBe(ids.length);
    // C002's invoice is due in September: nothing in May.
    expect(stepsOf(simulation, 'C002')).toEqual([]);
  });

  it('keeps a sales user to the accounts they own in the simulation', async () => {
    const simulation = await simulate(as.sales);
    expect(stepsOf(simulation, 'C001').length).toBeGreaterThan(0);
    const references = new Set(simulation.items.flatMap((day) => day.steps.map((s) => s.customer.reference)));
    expect([...references]).toEqual(['C001']);
  });

  it('saves a custom scenario, names the wrong field when it is not valid, and lets nobody but admins and collectors write', async () => {
    const bad = await as.collector.request('PUT', '/api/scenarios/gentle', { ...gentle, steps: [step('nudge', 4), step('late', 2), step('odd', 'ten' as unknown as number)] });
    expect(bad.statusCode).toBe(422);
    const fields = (bad.json().issues as { field: string }[]).map((issue) => issue.field);
    expect(fields).toEqual(expect.arrayContaining(['steps[1].offset_days', 'steps[2].offset_days']));

    const otherId = await as.collector.request('PUT', '/api/scenarios/gentle', { ...gentle, id: 'rough' });
    expect(otherId.statusCode).toBe(422);
    expect(otherId.json().errors[0].field).toBe('id');

    const noTemplate = await as.collector.request('PUT', '/api/scenarios/gentle', { ...gentle, steps: [step('nudge', 4, { template: 'no-such-letter' })] });
    expect(noTemplate.statusCode).toBe(422);
    expect(noTemplate.json().errors[0].field).toBe('steps[0].templates.fr');

    for (const role of ['viewer', 'sales'] as const) expect((await as[role].request('PUT', '/api/scenarios/gentle', gentle)).statusCode).toBe(403);

    const saved = await as.collector.request('PUT', '/api/scenarios/gentle', gentle);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ id: 'gentle', source: 'custom', steps: [{ id: 'nudge', offset_days: 4 }, { id: 'second-nudge', requires_approval: true }] });
    const listed = (await as.viewer.get('/api/scenarios')).json().items.map((s: { id: string }) => s.id);
    expect(listed).toContain('gentle');
  });

  it('imports YAML and reports broken YAML at its line', async () => {
    const imported = await app.inject({ method: 'POST', url: '/api/scenarios/import', payload: YAML_SCENARIO, headers: { 'content-type': 'application/yaml', cookie: await cookieOf('collector') } });
    expect(imported.statusCode, imported.body).toBe(200);
    expect(imported.json()).toMatchObject({ id: 'imported', steps: [{ id: 'first', offset_days: 2 }] });

    const broken = await app.inject({ method: 'POST', url: '/api/scenarios/import', payload: YAML_SCENARIO.replace('    offset_days: 2', '    offset_days: 2\n    offset_days: 3'), headers: { 'content-type': 'text/plain', cookie: await cookieOf('collector') } });
    expect(broken.statusCode).toBe(422);
    // Line 7 is the repeated offset_days key.
    expect(broken.json().issues[0]).toMatchObject({ line: 7, message: expect.stringContaining('not valid YAML') });
  });

  it('follows a scenario chosen by hand in the simulation, and refuses a scenario that does not exist', async () => {
    const nowhere = await as.collector.request('PUT', `/api/customers/${soonDue}/scenario`, { scenario_id: 'nowhere' });
    expect(nowhere.statusCode).toBe(404);
    expect(nowhere.json().errors[0].field).toBe('scenario_id');
    expect((await as.collector.request('PUT', `/api/customers/${soonDue}/scenario`, { scenario_id: 'gentle' })).statusCode).toBe(200);
    const planned = stepsOf(await simulate(), 'C001');
    expect(planned.map((s) => [s.date, s.step_ids])).toEqual([['2025-05-14', ['nudge']], ['2025-05-30', ['second-nudge']]]);
    expect(planned[1]!.requires_approval).toBe(true);

    const inUse = await as.collector.delete('/api/scenarios/gentle');
    expect(inUse.statusCode).toBe(409);
    expect((await as.collector.request('PUT', `/api/customers/${soonDue}/scenario`, { scenario_id: null })).statusCode).toBe(200);
    expect((await as.collector.delete('/api/scenarios/gentle')).statusCode).toBe(204);
    expect((await as.collector.delete('/api/scenarios/gentle')).statusCode).toBe(404);
    expect((await as.collector.delete('/api/scenarios/standard')).statusCode).toBe(404);
  });

  it('stores ordered assignment rules the run follows', async () => {
    const rules = { items: [{ scenario_id: 'imported', min_balance: eur('1000.00') }, { scenario_id: 'high-risk', risk_levels: ['high'] }] };
    expect((await as.viewer.request('PUT', '/api/scenario-rules', rules)).statusCode).toBe(403);
    const unknown = await as.admin.request('PUT', '/api/scenario-rules', { items: [{ scenario_id: 'standard' }, { scenario_id: 'nowhere' }] });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().errors[0].field).toBe('items[1].scenario_id');
    const saved = await as.admin.request('PUT', '/api/scenario-rules', rules);
    expect(saved.statusCode, saved.body).toBe(200);
    expect((await as.viewer.get('/api/scenario-rules')).json()).toEqual(rules);
    // C001 owes 1200.00, over the first rule's minimum: the imported scenario's D+2 step.
    const planned = stepsOf(await simulate(), 'C001');
    expect(planned.map((s) => [s.date, s.step_ids])).toEqual([['2025-05-12', ['first']]]);
    await as.admin.request('PUT', '/api/scenario-rules', { items: [] });
  });

  it('reads and changes the collection settings, and the minimum gap moves the simulated steps', async () => {
    const defaults = (await as.viewer.get('/api/settings/collection')).json();
    expect(defaults).toEqual({
      minimum_balance: eur('10.00'), minimum_gap_days: 7, business_hours: { start: '09:00', end: '18:00' }, daily_run_time: '07:00', thank_you_enabled: true, attach_statement: true, default_scenario_id: 'standard',
      sender_name: null, sender_email: null, sender_phone: null, reply_to: null, agency_name: null, agency_email: null, agency_phone: null,
      handoff_minimum: eur('1000.00'), formal_notice_min_reminders: 2, approval_threshold: null, rejection_hold_days: 30, handoff_partner: null,
      debtor_page_policy: { promise_max_days: 30, plan_max_months: 6, plan_min_instalment: eur('100.00'), plan_max_amount: eur('10000.00') },
    });
    const escalation = await as.collector.request('PUT', '/api/settings/collection', { handoff_minimum: eur('2500.00'), approval_threshold: eur('400.00'), rejection_hold_days: 14 });
    expect(escalation.statusCode, escalation.body).toBe(200);
    expect(escalation.json()).toMatchObject({ handoff_minimum: eur('2500.00'), approval_threshold: eur('400.00'), rejection_hold_days: 14, formal_notice_min_reminders: 2 });
    expect((await as.collector.request('PUT', '/api/settings/collection', { approval_threshold: null })).json().approval_threshold).toBeNull();
    const backwards = await as.collector.request('PUT', '/api/settings/collection', { business_hours: { start: '18:00', end: '09:00' } });
    expect(backwards.statusCode).toBe(422);
    expect(backwards.json().errors[0].field).toBe('business_hours.end');
    expect((await as.sales.request('PUT', '/api/settings/collection', { minimum_gap_days: 1 })).statusCode).toBe(403);

    const changed = await as.collector.request('PUT', '/api/settings/collection', { minimum_gap_days: 20, thank_you_enabled: false });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ minimum_gap_days: 20, thank_you_enabled: false, daily_run_time: '07:00' });
    // Friendly note on 05-05, then nothing for 20 days: the courteous reminder waits until 05-25.
    const planned = stepsOf(await simulate(), 'C001');
    expect(planned.map((s) => s.date)).toEqual(['2025-05-05', '2025-05-25']);
    // Above the balance threshold, nothing at all is planned.
    await as.collector.request('PUT', '/api/settings/collection', { minimum_balance: eur('5000.00'), minimum_gap_days: 7 });
    expect(stepsOf(await simulate(), 'C001')).toEqual([]);
  });

  it("sets who signs the messages and how to reach them, refusing what is not an address or a number, and the messages follow", async () => {
    // The firm reminder is signed by the named collector, the hand-off by the agency, the courteous reminder by the team.
    const contactLine = async (stepId = 'firm-reminder') => {
      const preview = await as.collector.post('/api/templates/preview', { text: '--- text\n{{ sender.name }}|{{ sender.contact }}', language: 'fr', customer_id: soonDue, step_id: stepId });
      expect(preview.statusCode, preview.body).toBe(200);
      return preview.json().text as string;
    };
    const identity = { sender_name: 'Claire Dubois', sender_email: 'claire@atelier.test', sender_phone: '+33 4 72 00 00 01', reply_to: 'compta@atelier.test' };
    const saved = await as.collector.request('PUT', '/api/settings/collection', identity);
    expect(saved.statusCode, saved.body).toBe(200);
    expect((await as.viewer.get('/api/settings/collection')).json()).toMatchObject(identity);
    expect(await contactLine()).toBe('Claire Dubois|claire@atelier.test · +33 4 72 00 00 01');
    expect(await contactLine('courteous-reminder')).toBe('Service comptabilité clients|claire@atelier.test · +33 4 72 00 00 01');
    // No agency yet: the hand-off signs as the team; then as the agency, with its own address.
    expect(await contactLine('handoff')).toBe('Service comptabilité clients|claire@atelier.test · +33 4 72 00 00 01');
    await as.collector.request('PUT', '/api/settings/collection', { agency_name: 'Cabinet Recouvre', agency_email: 'dossiers@recouvre.test' });
    expect(await contactLine('handoff')).toBe('Cabinet Recouvre|dossiers@recouvre.test');
    await as.collector.request('PUT', '/api/settings/collection', { agency_name: null, agency_email: null });

    for (const [field, value] of [['sender_email', 'claire at atelier'], ['reply_to', 'compta@'], ['sender_phone', 'call me'], ['agency_email', 'recouvre'], ['agency_phone', '12']] as const) {
      const refused = await as.collector.request('PUT', '/api/settings/collection', { [field]: value });
      expect(refused.statusCode, `${field}: ${refused.body}`).toBe(422);
      expect(refused.json().errors[0].field).toBe(field);
    }
    expect((await as.viewer.get('/api/settings/collection')).json()).toMatchObject(identity);

    // Emptied: the accounts team signs, and the contact line disappears rather than dangle.
    await as.collector.request('PUT', '/api/settings/collection', { sender_name: '', sender_email: null, sender_phone: ' ', reply_to: null });
    expect((await as.viewer.get('/api/settings/collection')).json()).toMatchObject({ sender_name: null, sender_email: null, sender_phone: null, reply_to: null });
    expect(await contactLine()).toBe('Service comptabilité clients|');
  });

  async function cookieOf(role: string): Promise<string> {
    const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: `${role}@atelier.test`, password: PASSWORD } });
    const header = response.headers['set-cookie'];
    return String(Array.isArray(header) ? header[0] : header).split(';')[0]!;
  }
});
