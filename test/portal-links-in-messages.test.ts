import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import type { OrganizationRow } from '../src/adapters/db/schema.js';
import { decideApproval } from '../src/app/collection/decide-approval.js';
import { runCollection } from '../src/app/collection/run-collection.js';
import { saveCollectionSettings } from '../src/adapters/db/stores/collection-settings.js';
import { loadDemoWithHistory } from '../src/app/demo/play-demo-history.js';
import { openPortalLink, revokePortalLinks } from '../src/app/portal/portal-links.js';
import type { PlainDate } from '../src/core/plain-date.js';
import { buildApp } from '../src/http/build-app.js';
import { portalAccessOf } from '../src/http/portal/portal-access.js';
import { alreadyReminded, collectionOrganization, customerWithInvoices } from './support/collection-ledger.js';
import { ENGINES, freshDatabase } from './support/engines.js';

const AS_OF = '2026-03-06' as PlainDate;
const MORNING = new Date('2026-03-06T08:00:00Z');
const BASE = 'https://relance.durand.example';
const LINK = /https:\/\/relance\.durand\.example\/p\/([A-Za-z0-9_-]{43})\b/;

describe.each(ENGINES)('debtor page links in messages (%s)', (engine) => {
  let db: Db;
  let app: FastifyInstance;
  let organization: OrganizationRow;
  const customers: Record<string, string> = {};

  beforeAll(async () => {
    db = await freshDatabase(engine);
    organization = await collectionOrganization(db);
    for (const language of ['fr', 'en', 'nl', 'de']) {
      customers[language] = (await customerWithInvoices(db, organization.id, `C-${language.toUpperCase()}`, [[`F-${language}`, '2026-02-20', 480_00]], { language })).customer.id;
    }
    app = await buildApp({ db, now: () => MORNING });
    app.get('/p/:token/whoami', { config: { access: 'public' } }, async (request) => portalAccessOf(request));
  });

  afterAll(async () => {
    await app.close();
    await db.close();
  });

  const links = () => db.kysely.selectFrom('portal_links').selectAll().where('organization_id', '=', organization.id).execute();

  it('shows an example link in a dry run and makes none', async () => {
    const report = await runCollection(db, organization, { asOf: AS_OF, now: MORNING, dryRun: true, portalBase: BASE });
    const texts = report.actions.map((action) => action.message?.text ?? '');
    expect(texts).toHaveLength(4);
    for (const text of texts) expect(text).toContain(`${BASE}/p/example-link-shown-in-previews-only`);
    expect(await links()).toEqual([]);
  });

  it('gives every reminder, in French, English, Dutch and German, a link of its own that opens its customer’s page', async () => {
    const report = await runCollection(db, organization, { asOf: AS_OF, now: MORNING, send: false, portalBase: BASE });
    expect(report.actions.filter((action) => action.created)).toHaveLength(4);
    const messages = await db.kysely.selectFrom('outbox_messages').select(['customer_id', 'text_body', 'html_body']).where('organization_id', '=', organization.id).execute();
    expect(messages).toHaveLength(4);
    const words = { fr: 'Votre espace client', en: 'Your customer page', nl: 'Uw klantenpagina', de: 'Ihre Kundenseite' };
    const tokens = new Set<string>();
    for (const [language, customerId] of Object.entries(customers)) {
      const message = messages.find((m) => m.customer_id === customerId)!;
      expect(message.text_body).toContain(words[language as keyof typeof words]);
      const token = LINK.exec(message.text_body)?.[1];
      expect(token, `${language} text`).toBeDefined();
      expect(message.html_body).toContain(`href="${BASE}/p/${token}"`);
      tokens.add(token!);
      const opened = await app.inject({ method: 'GET', url: `/p/${token}/whoami`, headers: { accept: 'application/json' } });
      expect(opened.statusCode).toBe(200);
      expect(opened.json()).toMatchObject({ organizationId: organization.id, customerId });
    }
    expect(tokens.size).toBe(4);
    const stored = await links();
    expect(stored.map((link) => link.purpose)).toEqual(['message', 'message', 'message', 'message']);
    // A link in a message lasts 90 days from the run.
    expect(stored[0]!.expires_at).toBe('2026-06-04T08:00:00.000Z');
  });

  it('makes no new link when the same day is run again and nothing is sent', async () => {
    const report = await runCollection(db, organization, { asOf: AS_OF, now: new Date('2026-03-06T10:00:00Z'), send: false, portalBase: BASE });
    expect(report.actions.filter((action) => action.created)).toHaveLength(0);
    expect(await links()).toHaveLength(4);
  });

  it('stops a message’s link from opening the page once the customer’s links are revoked', async () => {
    const message = await db.kysely.selectFrom('outbox_messages').select('text_body').where('customer_id', '=', customers.en!).executeTakeFirstOrThrow();
    const token = LINK.exec(message.text_body)![1]!;
    expect((await app.inject({ method: 'GET', url: `/p/${token}/whoami` })).statusCode).toBe(200);
    expect(await revokePortalLinks(db, organization.id, customers.en!, MORNING)).toBe(1);
    expect((await app.inject({ method: 'GET', url: `/p/${token}/whoami` })).statusCode).toBe(404);
  });
});

describe('debtor page links in the demo served without PUBLIC_URL', () => {
  it('gives the messages of the demo’s history working links at the address it is served at', async () => {
    const db = await freshDatabase('sqlite');
    try {
      const base = 'http://localhost:3000';
      const today = new Date().toISOString().slice(0, 10) as PlainDate;
      await loadDemoWithHistory(db, { customers: 20, invoices: 200, seed: 9, historyDays: 14, today, portalBase: base });
      const messages = await db.kysely.selectFrom('outbox_messages').select(['customer_id', 'text_body']).where('channel', '=', 'email').execute();
      const linked = messages.filter((message) => message.text_body.includes(`${base}/p/`));
      expect(messages.length).toBeGreaterThan(0);
      expect(linked.length).toBeGreaterThan(0);
      const app = await buildApp({ db });
      app.get('/p/:token/whoami', { config: { access: 'public' } }, async (request) => portalAccessOf(request));
      const token = /\/p\/([A-Za-z0-9_-]{43})/.exec(linked.at(-1)!.text_body)![1]!;
      const opened = await app.inject({ method: 'GET', url: `/p/${token}/whoami` });
      expect(opened.statusCode).toBe(200);
      expect(opened.json().customerId).toBe(linked.at(-1)!.customer_id);
      await app.close();
    } finally {
      await db.close();
    }
  }, 120_000);
});

describe.each(ENGINES)('debtor page links in an approved formal notice (%s)', (engine) => {
  it('gives the message a link of its own when a person approves it', async () => {
    const db = await freshDatabase(engine);
    try {
      const organization = await collectionOrganization(db);
      await saveCollectionSettings(db, organization.id, { approvalThresholdMinor: 0 });
      const { customer } = await customerWithInvoices(db, organization.id, 'NOTICE', [['F-100', '2025-04-01', 2_400_00]]);
      await alreadyReminded(db, organization.id, customer.id, [
        ['courteous-reminder', '2025-04-10'],
        ['phone-call', '2025-04-15'],
        ['firm-reminder', '2025-04-22'],
        ['firm-reminder-letter', '2025-04-22'],
      ]);
      const now = new Date('2025-06-03T05:00:00Z');
      await runCollection(db, organization, { asOf: '2025-06-03' as PlainDate, now, send: false, portalBase: BASE });
      const task = await db.kysely.selectFrom('collection_tasks').select('id').where('customer_id', '=', customer.id).where('kind', '=', 'approval').executeTakeFirstOrThrow();
      const before = (await db.kysely.selectFrom('portal_links').select('id').execute()).length;
      await decideApproval(db, organization, task.id, { approve: true, note: null }, { now: new Date('2025-06-03T08:00:00Z'), portalLinks: { base: BASE } });
      const message = await db.kysely.selectFrom('outbox_messages').select('text_body').where('customer_id', '=', customer.id).executeTakeFirstOrThrow();
      const token = LINK.exec(message.text_body)?.[1];
      expect(token).toBeDefined();
      expect((await db.kysely.selectFrom('portal_links').select('id').execute()).length).toBe(before + 1);
      expect(await openPortalLink(db, token!, new Date('2025-06-04T08:00:00Z'))).toMatchObject({ customerId: customer.id });
    } finally {
      await db.close();
    }
  });
});
