import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { createCustomer } from '../src/adapters/db/stores/customers.js';
import { issuePortalLink, openPortalLink, revokePortalLinks } from '../src/app/portal/portal-links.js';
import { buildApp } from '../src/http/build-app.js';
import { portalAccessOf } from '../src/http/portal/portal-access.js';
import { collectionOrganization } from './support/collection-ledger.js';
import { ENGINES, freshDatabase } from './support/engines.js';

const BASE = 'https://pay.example.test';
const NOW = new Date('2026-03-02T09:00:00Z');

describe.each(ENGINES)('debtor page links (%s)', (engine) => {
  let db: Db;
  let app: FastifyInstance;
  let clock = NOW;
  let organizationId: string;
  let customerId: string;
  let otherOrganizationId: string;
  let otherCustomerId: string;

  beforeAll(async () => {
    db = await freshDatabase(engine);
    const organization = await collectionOrganization(db, 'Atelier Durand');
    organizationId = organization.id;
    customerId = (await createCustomer(db, organizationId, { externalRef: 'C-1', name: 'Boulangerie Martin', language: 'fr' })).id;
    const other = await collectionOrganization(db, 'Menuiserie Leroy');
    otherOrganizationId = other.id;
    otherCustomerId = (await createCustomer(db, otherOrganizationId, { externalRef: 'C-1', name: 'Garage Petit', language: 'en' })).id;
    app = await buildApp({ db, now: () => clock });
    // A debtor route standing in for the page: it says whom the link opened for.
    app.get('/p/:token/whoami', { config: { access: 'public' } }, async (request) => portalAccessOf(request));
  });

  afterAll(async () => {
    await app.close();
    await db.close();
  });

  const open = (path: string, json = false, address = '203.0.113.7') =>
    app.inject({ method: 'GET', url: path, remoteAddress: address, headers: json ? { accept: 'application/json' } : {} });
  const tokenOf = (url: string) => url.split('/p/')[1]!;

  it('makes an unguessable link that opens the page of its own customer only, and stores no token', async () => {
    const link = await issuePortalLink(db, organizationId, customerId, { now: NOW, by: null, publicUrl: `${BASE}/` });
    expect(link.url).toBe(`${BASE}/p/${link.token}`);
    expect(link.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(link.expiresAt).toBe('2026-05-31T09:00:00.000Z');
    const stored = await db.kysely.selectFrom('portal_links').selectAll().where('customer_id', '=', customerId).execute();
    expect(JSON.stringify(stored)).not.toContain(link.token);
    expect(await openPortalLink(db, link.token, NOW)).toMatchObject({ organizationId, customerId });
    const response = await open(`/p/${link.token}/whoami`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ organizationId, customerId });
  });

  it('answers the same 404, byte for byte, to unknown, tampered, expired, revoked and deleted-customer links', async () => {
    const good = await issuePortalLink(db, organizationId, customerId, { now: NOW, by: null, publicUrl: BASE, days: 1 });
    const tampered = `${good.token.slice(0, -1)}${good.token.endsWith('A') ? 'B' : 'A'}`;
    const expired = await issuePortalLink(db, organizationId, customerId, { now: new Date('2026-01-01T00:00:00Z'), by: null, publicUrl: BASE, days: 30 });
    const gone = await createCustomer(db, otherOrganizationId, { externalRef: 'GONE', name: 'Old customer', language: 'en' });
    const ofDeleted = await issuePortalLink(db, otherOrganizationId, gone.id, { now: NOW, by: null, publicUrl: BASE });
    await db.kysely.deleteFrom('customers').where('id', '=', gone.id).execute();
    const toRevoke = await issuePortalLink(db, otherOrganizationId, otherCustomerId, { now: NOW, by: null, publicUrl: BASE });
    expect(await revokePortalLinks(db, otherOrganizationId, otherCustomerId, NOW)).toBe(1);

    const refused = ['x'.repeat(43), tampered, expired.token, ofDeleted.token, toRevoke.token, 'short'];
    for (const json of [false, true]) {
      const bodies = new Set<string>();
      for (const [i, token] of refused.entries()) {
        const response = await open(`/p/${token}/whoami`, json, `198.51.100.${i + 10}`);
        expect(response.statusCode).toBe(404);
        expect(response.headers['content-type']).toContain(json ? 'application/problem+json' : 'text/html');
        bodies.add(response.body);
      }
      expect(bodies.size).toBe(1);
      const [body] = [...bodies];
      if (json) expect(JSON.parse(body!)).toMatchObject({ status: 404, code: 'not_found' });
      else for (const words of ['no longer valid', 'plus valable', 'niet meer geldig', 'nicht mehr gültig']) expect(body).toContain(words);
    }
    // The good link still opens until it expires, a day later.
    expect((await open(`/p/${good.token}/whoami`)).statusCode).toBe(200);
    clock = new Date('2026-03-03T09:00:01Z');
    expect((await open(`/p/${good.token}/whoami`)).statusCode).toBe(404);
    clock = NOW;
  });

  it('revokes every live link of a customer at once and no other customer’s', async () => {
    const a = await issuePortalLink(db, organizationId, customerId, { now: NOW, by: null, publicUrl: BASE });
    const b = await issuePortalLink(db, organizationId, customerId, { now: NOW, by: null, publicUrl: BASE, days: 7 });
    const other = await issuePortalLink(db, otherOrganizationId, otherCustomerId, { now: NOW, by: null, publicUrl: BASE });
    expect(await revokePortalLinks(db, organizationId, customerId, NOW)).toBeGreaterThanOrEqual(2);
    expect(await openPortalLink(db, a.token, NOW)).toBeNull();
    expect(await openPortalLink(db, b.token, NOW)).toBeNull();
    expect(await openPortalLink(db, other.token, NOW)).toMatchObject({ customerId: otherCustomerId });
    // A customer of another organization cannot be reached through this one.
    await expect(revokePortalLinks(db, organizationId, otherCustomerId, NOW)).rejects.toMatchObject({ code: 'not_found' });
    await expect(issuePortalLink(db, organizationId, otherCustomerId, { now: NOW, by: null, publicUrl: BASE })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('stops an address after 20 failed links in ten minutes, while valid links from elsewhere still open', async () => {
    const valid = await issuePortalLink(db, organizationId, customerId, { now: NOW, by: null, publicUrl: BASE });
    const attacker = '192.0.2.66';
    for (let i = 0; i < 20; i += 1) expect((await open(`/p/${'g'.repeat(42)}${i % 10}/whoami`, true, attacker)).statusCode).toBe(404);
    const blocked = await open(`/p/${'h'.repeat(43)}/whoami`, true, attacker);
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(600);
    // Even a valid link is refused to that address until the window passes: guessing has no oracle.
    expect((await open(`/p/${valid.token}/whoami`, true, attacker)).statusCode).toBe(429);
    expect((await open(`/p/${valid.token}/whoami`, true, '192.0.2.67')).statusCode).toBe(200);
    clock = new Date(NOW.getTime() + 10 * 60 * 1000 + 1000);
    expect((await open(`/p/${valid.token}/whoami`, true, attacker)).statusCode).toBe(200);
    clock = NOW;
  });

  it('lets a valid link be opened many times in a row without being slowed or refused', async () => {
    const valid = await issuePortalLink(db, organizationId, customerId, { now: NOW, by: null, publicUrl: BASE });
    for (let i = 0; i < 50; i += 1) expect((await open(`/p/${valid.token}/whoami`, true, '192.0.2.90')).statusCode).toBe(200);
  });
});
