import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transportsFromConfig } from '../src/adapters/channels/transports-from-config.js';
import type { Db } from '../src/adapters/db/database.js';
import type { OrganizationRow } from '../src/adapters/db/schema.js';
import { saveCollectionSettings } from '../src/adapters/db/stores/collection-settings.js';
import { putOrganizationTemplate } from '../src/adapters/db/stores/organization-templates.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { builtInTemplateFiles } from '../src/app/collection/message-templates.js';
import { scheduleDailyCollection } from '../src/app/collection/schedule-daily-collection.js';
import type { MessageLanguage } from '../src/core/scenarios/scenario.js';
import { buildApp } from '../src/http/build-app.js';
import { signIn, type ApiCaller } from './support/api-session.js';
import { collectionOrganization, customerWithInvoices } from './support/collection-ledger.js';
import { ENGINES, freshDatabase } from './support/engines.js';

const PASSWORD = 'correct horse battery';

/** A template text whose body includes `included`. */
const including = (included: string) => `--- subject\nReminder\n--- text\nHello,\n{% include '${included}' %}\n--- html\n<p>Hello,</p>\n{% include '${included}' %}\n`;

describe.each(ENGINES)('template limits on %s', (engine) => {
  let db: Db;
  let app: FastifyInstance;
  let broken: OrganizationRow;
  let healthy: OrganizationRow;
  let brokenAdmin: ApiCaller;
  let healthyAdmin: ApiCaller;

  beforeAll(async () => {
    db = await freshDatabase(engine);
    broken = await collectionOrganization(db, 'Atelier Boucle');
    healthy = await collectionOrganization(db, 'Menuiserie Petit');
    for (const [organization, email] of [[broken, 'admin@boucle.test'], [healthy, 'admin@petit.test']] as const) {
      await createUser(db, organization.id, { email, name: 'Admin', password: PASSWORD, role: 'admin' });
    }
    app = await buildApp({ db });
    brokenAdmin = await signIn(app, 'admin@boucle.test', PASSWORD);
    healthyAdmin = await signIn(app, 'admin@petit.test', PASSWORD);
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('refuses to save a template that includes itself, with the place of the inclusion', async () => {
    const response = await healthyAdmin.request('PUT', '/api/templates/firm-reminder/en', { text: including('firm-reminder.en') });
    expect(response.statusCode).toBe(422);
    const problem = response.json();
    expect(problem.detail).toBe('firm-reminder.en.liquid:5:1: the template includes itself, so it could never be rendered to the end');
    expect(problem.errors).toEqual([{ field: 'text', message: problem.detail }]);
  });

  it('refuses to save a template that comes back to itself through another one', async () => {
    expect((await healthyAdmin.request('PUT', '/api/templates/courteous-reminder/en', { text: including('firm-reminder.en') })).statusCode).toBe(200);
    const response = await healthyAdmin.request('PUT', '/api/templates/firm-reminder/en', { text: `--- subject\nLast reminder\n--- text\n{% if balance %}\n  {%- include 'courteous-reminder.en' -%}\n{% endif %}\n--- html\n<p>x</p>\n` });
    expect(response.statusCode).toBe(422);
    expect(response.json().detail).toBe('firm-reminder.en.liquid:5:3: the template includes itself through courteous-reminder.en, so it could never be rendered to the end');
    await healthyAdmin.delete('/api/templates/courteous-reminder/en');
  });

  it("fails only the organization whose template never ends, and says so in that organization's run summary", async () => {
    // Saved before templates were checked for this: the run must still stop it.
    for (const name of Object.keys(builtInTemplateFiles()).filter((file) => !file.startsWith('_') && file.endsWith('.en'))) {
      const [templateId, language] = name.split('.') as [string, MessageLanguage];
      await putOrganizationTemplate(db, broken.id, { templateId, language, source: including(name), updatedBy: null });
    }
    for (const organization of [broken, healthy]) {
      await saveCollectionSettings(db, organization.id, { dailyRunTime: '08:30' });
      await customerWithInvoices(db, organization.id, `C-${organization.name.slice(0, 3)}`, [['F-1', '2025-05-10', 400_00]]);
    }
    const transports = transportsFromConfig({ outboxDir: mkdtempSync(join(tmpdir(), 'relance-template-limits-')) });
    const server = scheduleDailyCollection(db, { now: () => new Date('2025-05-16T06:30:00Z'), start: false, transports });

    const tick = await server.tick();

    expect(tick.ran.sort()).toEqual([broken.id, healthy.id].sort());
    const messagesOf = async (organization: OrganizationRow) => (await db.kysely.selectFrom('outbox_messages').select('id').where('organization_id', '=', organization.id).execute()).length;
    expect(await messagesOf(healthy)).toBe(1);
    expect(await messagesOf(broken)).toBe(0);
    const [brokenRun] = (await brokenAdmin.get('/api/collection/daily-runs')).json().items;
    expect(brokenRun.status).toBe('finished');
    expect(brokenRun.summary.errors).toEqual([
      { customer_reference: 'C-Ate', message: expect.stringMatching(/^\w[\w-]*\.en\.liquid:5:1: templates include one another more than 10 deep; a template that includes itself never ends$/) },
    ]);
    const [healthyRun] = (await healthyAdmin.get('/api/collection/daily-runs')).json().items;
    expect(healthyRun.summary.errors).toEqual([]);
    expect(healthyRun.summary.actions).toBe(1);
  });
});
