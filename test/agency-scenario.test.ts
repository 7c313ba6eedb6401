import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import type { OrganizationRow } from '../src/adapters/db/schema.js';
import { saveCollectionSettings } from '../src/adapters/db/stores/collection-settings.js';
import { insertMandate } from '../src/adapters/db/stores/mandates.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { runAgencyCollection } from '../src/app/agency/agency-run.js';
import type { PlainDate } from '../src/core/plain-date.js';
import { buildApp } from '../src/http/build-app.js';
import { signIn, type ApiCaller } from './support/api-session.js';
import { collectionOrganization, customerWithInvoices } from './support/collection-ledger.js';
import { ENGINES, freshDatabase } from './support/engines.js';
import { handedCaseTerms } from './support/handed-case.js';

const PASSWORD = 'agency scenario words';
// Handed on Monday 2 March 2026.
const HANDED_ON = '2026-03-02';

describe.each(ENGINES)('the agency’s own scenario, set by the agency, on %s', (engine) => {
  let db: Db;
  let app: FastifyInstance;
  let agency: OrganizationRow;
  let admin: ApiCaller;
  let collector: ApiCaller;
  let viewer: ApiCaller;
  let creditorAdmin: ApiCaller;

  const runOn = async (day: string) => {
    const report = await runAgencyCollection(db, agency, day as PlainDate, new Date(`${day}T09:00:00Z`), { noSend: true });
    return report.lines.map((line) => ({ step: line.step, status: line.status }));
  };

  beforeAll(async () => {
    db = await freshDatabase(engine);
    const creditor = await collectionOrganization(db, 'Alpha Tools');
    agency = await createOrganization(db, { name: 'Recouvre Agency', legalName: 'Recouvre SAS', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr', kind: 'agency' });
    await saveCollectionSettings(db, agency.id, { senderEmail: 'cases@recouvre.example' });
    for (const role of ['admin', 'collector', 'viewer'] as const) await createUser(db, agency.id, { email: `${role}@recouvre.test`, name: `Recouvre ${role}`, password: PASSWORD, role });
    await createUser(db, creditor.id, { email: 'admin@alpha.test', name: 'Alice Alpha', password: PASSWORD, role: 'admin' });
    const handed = await customerWithInvoices(db, creditor.id, 'C1', [['F-1', '2026-01-10', 1_000_00]], { language: 'fr' });
    await insertMandate(db, creditor.id, handedCaseTerms(agency, handed.customer.id, [handed.invoiceIds['F-1']!], { startsOn: HANDED_ON }));

    app = await buildApp({ db, now: () => new Date('2026-03-02T09:00:00Z') });
    admin = await signIn(app, 'admin@recouvre.test', PASSWORD);
    collector = await signIn(app, 'collector@recouvre.test', PASSWORD);
    viewer = await signIn(app, 'viewer@recouvre.test', PASSWORD);
    creditorAdmin = await signIn(app, 'admin@alpha.test', PASSWORD);
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('starts with the built-in letters: first letter on the day of hand-off, reminder 10 days on, last notice 20 days on', async () => {
    const response = await viewer.get('/api/agency/scenario');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      steps: [
        { key: 'first_letter', template: 'agency-first-letter', day: 0, enabled: true },
        { key: 'reminder', template: 'agency-reminder', day: 10, enabled: true },
        { key: 'last_notice', template: 'agency-last-notice', day: 20, enabled: true },
      ],
      updated_at: null,
    });
  });

  it('refuses bad steps and names the field at fault', async () => {
    const put = (steps: unknown) => admin.request('PUT', '/api/agency/scenario', { steps });
    const refusal = async (steps: unknown) => {
      const response = await put(steps);
      expect(response.statusCode, response.body).toBe(422);
      return response.json() as { errors: { field: string; message: string }[]; localized_detail?: { en: string; fr: string } };
    };
    const backwards = await refusal([
      { key: 'first_letter', day: 5, enabled: true },
      { key: 'reminder', day: 5, enabled: true },
    ]);
    expect(backwards.errors[0]!.field).toBe('steps[1].day');
    expect(backwards.localized_detail?.en).toBe('The reminder must go after the first letter (day 5): pick a later day.');
    expect(backwards.localized_detail?.fr).toContain('doit partir après');
    expect((await refusal([{ key: 'first_letter', day: 0, enabled: true }, { key: 'reminder', day: 400, enabled: true }])).errors[0]!.field).toBe('steps[1].day');
    expect((await refusal([{ key: 'first_letter', day: 1.5, enabled: true }])).errors[0]!.field).toBe('steps[0].day');
    expect((await refusal([{ key: 'reminder', day: 3, enabled: true }, { key: 'first_letter', day: 5, enabled: true }])).errors[0]!.field).toBe('steps[1].key');
    const none = await refusal([{ key: 'first_letter', day: 0, enabled: false }]);
    expect(none.errors[0]!.field).toBe('steps');
    expect(none.localized_detail?.en).toBe('At least one letter must be sent.');
    // Nothing was stored: the built-in days still hold.
    expect((await admin.get('/api/agency/scenario')).json().updated_at).toBeNull();
  });

  it('keeps the scenario to the agency: a creditor is told "not found", a viewer or a collector may not change it', async () => {
    const steps = [{ key: 'first_letter', day: 0, enabled: true }];
    expect((await creditorAdmin.get('/api/agency/scenario')).statusCode).toBe(404);
    expect((await creditorAdmin.request('PUT', '/api/agency/scenario', { steps })).statusCode).toBe(404);
    expect((await viewer.request('PUT', '/api/agency/scenario', { steps })).statusCode).toBe(403);
    expect((await collector.request('PUT', '/api/agency/scenario', { steps })).statusCode).toBe(403);
  });

  it('runs the days the agency set: nothing on day 10, the reminder on day 14, and a letter switched off never goes', async () => {
    const saved = await admin.request('PUT', '/api/agency/scenario', {
      steps: [
        { key: 'first_letter', day: 0, enabled: true },
        { key: 'reminder', day: 14, enabled: true },
        { key: 'last_notice', day: 30, enabled: false },
      ],
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().steps.map((step: { day: number; enabled: boolean }) => [step.day, step.enabled])).toEqual([[0, true], [14, true], [30, false]]);
    expect(saved.json().updated_at).not.toBeNull();
    expect((await collector.get('/api/agency/scenario')).json().steps[1].day).toBe(14);

    expect(await runOn(HANDED_ON)).toEqual([{ step: 'first_letter', status: 'queued' }]);
    expect(await runOn('2026-03-12')).toEqual([{ step: 'reminder', status: 'waiting' }]);
    expect(await runOn('2026-03-16')).toEqual([{ step: 'reminder', status: 'queued' }]);
    // Day 30 and later: the last notice is switched off, so the scenario is over.
    expect(await runOn('2026-04-01')).toEqual([{ step: null, status: 'done' }]);
  });
});
