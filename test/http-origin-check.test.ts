import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { createApiKeyFor } from '../src/app/auth/create-api-key.js';
import { buildApp, type AppOptions } from '../src/http/build-app.js';
import { publicUrlFrom } from '../src/http/origin-check.js';
import { callerWith, signIn, type ApiCaller } from './support/api-session.js';
import { ENGINES, freshDatabase } from './support/engines.js';

const PASSWORD = 'correct horse battery';
const HOST = 'relance.internal:3000';
const CUSTOMERS_CSV = 'reference;name\nC1;Dupont SARL\n';

describe('PUBLIC_URL', () => {
  it('keeps the origin of the address and refuses what is not an http(s) address, saying so', () => {
    expect(publicUrlFrom(undefined)).toBeUndefined();
    expect(publicUrlFrom(' https://Relance.example.com/app/ ')).toBe('https://relance.example.com');
    expect(() => publicUrlFrom('relance.example.com')).toThrow(
      'PUBLIC_URL must be the address people open Relance at, such as https://relance.example.com, got "relance.example.com"',
    );
  });
});

describe.each(ENGINES)('changes from other sites on %s', (engine) => {
  let db: Db;
  let app: FastifyInstance;
  let session: ApiCaller;
  let cookie: string;
  let apiKey: string;
  let created = 0;

  const newCustomer = () => ({ reference: `C-${(created += 1)}`, name: 'Dupont SARL' });
  const customerCount = async () => (await session.get('/api/customers?limit=1')).json<{ total: number }>().total;
  const createFrom = (caller: ApiCaller, headers: Record<string, string>) => caller.request('POST', '/api/customers', newCustomer(), { host: HOST, ...headers });

  async function appWith(options: Partial<AppOptions>): Promise<FastifyInstance> {
    const other = await buildApp({ db, ...options });
    await other.ready();
    return other;
  }

  beforeAll(async () => {
    db = await freshDatabase(engine);
    const organization = await createOrganization(db, { name: 'Atelier', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr' });
    await createUser(db, organization.id, { email: 'ada@atelier.test', name: 'Ada', password: PASSWORD, role: 'admin' });
    apiKey = (await createApiKeyFor(db, organization.id, { name: 'ERP', role: 'collector' })).key;
    app = await appWith({});
    session = await signIn(app, 'ada@atelier.test', PASSWORD);
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'ada@atelier.test', password: PASSWORD } });
    cookie = [login.headers['set-cookie']].flat().find((c) => c?.startsWith('relance_session='))!.split(';')[0]!;
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('refuses a change a page of another site sends with the session cookie, and writes nothing', async () => {
    const before = await customerCount();
    const response = await createFrom(session, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' });
    expect(response.statusCode).toBe(403);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json().detail).toBe(
      'the Origin header says this request comes from https://evil.example, not from http://relance.internal:3000; ' +
        'Relance accepts changes only from its own pages, or from a program sending an API key',
    );
    expect(await customerCount()).toBe(before);
  });

  it('refuses a change from another port of the same host, which the browser still sends the cookie to', async () => {
    const before = await customerCount();
    const response = await createFrom(session, { origin: 'http://relance.internal:5173', 'sec-fetch-site': 'same-site' });
    expect(response.statusCode).toBe(403);
    expect(response.json().detail).toContain('comes from http://relance.internal:5173');
    expect(await customerCount()).toBe(before);
  });

  it('refuses a change whose browser names no origin but says it comes from another site', async () => {
    for (const site of ['cross-site', 'same-site']) {
      const response = await createFrom(session, { 'sec-fetch-site': site });
      expect(response.statusCode, site).toBe(403);
      expect(response.json().detail).toContain(`says this request comes from a ${site} page`);
    }
    expect((await createFrom(session, { origin: 'null' })).statusCode).toBe(403);
  });

  it('refuses a sign-in posted by another site, which would log the browser into its account', async () => {
    const response = await app.inject({
      method: 'POST', url: '/api/auth/login', headers: { host: HOST, origin: 'https://evil.example' }, payload: { email: 'ada@atelier.test', password: PASSWORD },
    });
    expect(response.statusCode).toBe(403);
    expect(response.headers['set-cookie']).toBeUndefined();
  });

  it("accepts the app's own pages, programs that send no browser headers, and API keys from anywhere", async () => {
    expect((await createFrom(session, { origin: `http://${HOST}`, 'sec-fetch-site': 'same-origin' })).statusCode).toBe(201);
    // A proxy that terminates TLS without saying so: the page is https, the request reaches us as http.
    expect((await createFrom(session, { origin: `https://${HOST}` })).statusCode).toBe(201);
    expect((await createFrom(session, { 'sec-fetch-site': 'same-origin' })).statusCode).toBe(201);
    // curl with a cookie: no other site can have made the request.
    expect((await createFrom(session, {})).statusCode).toBe(201);
    const program = callerWith(app, { bearer: apiKey });
    expect((await createFrom(program, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' })).statusCode).toBe(201);
    // Reading is not a change: another site's page may not read the answer anyway.
    expect((await session.request('GET', '/api/customers', undefined, { host: HOST, origin: 'https://evil.example' })).statusCode).toBe(200);
  });

  it('takes the public address and the trusted proxy headers as the app\'s own origin', async () => {
    const behindProxy = await appWith({ publicUrl: 'https://relance.example/' });
    const proxied = await appWith({ trustProxy: true });
    try {
      const fromPublicPage = { host: HOST, origin: 'https://relance.example' };
      expect((await callerWith(behindProxy, { cookie }).request('POST', '/api/customers', newCustomer(), fromPublicPage)).statusCode).toBe(201);
      expect((await callerWith(app, { cookie }).request('POST', '/api/customers', newCustomer(), fromPublicPage)).statusCode).toBe(403);
      const forwarded = { ...fromPublicPage, 'x-forwarded-host': 'relance.example', 'x-forwarded-proto': 'https' };
      expect((await callerWith(proxied, { cookie }).request('POST', '/api/customers', newCustomer(), forwarded)).statusCode).toBe(201);
      // Without TRUST_PROXY anyone could write these headers: they are not believed.
      expect((await callerWith(app, { cookie }).request('POST', '/api/customers', newCustomer(), forwarded)).statusCode).toBe(403);
    } finally {
      await behindProxy.close();
      await proxied.close();
    }
  });

  it('refuses an import sent as a form type from a signed-in browser, and takes it from an API key', async () => {
    const upload = (caller: ApiCaller, type: string) => caller.request('POST', '/api/imports/customers?dry_run=true', CUSTOMERS_CSV, { 'content-type': type });
    for (const type of ['text/plain', 'text/plain; charset=utf-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const refused = await upload(session, type);
      expect(refused.statusCode, type).toBe(415);
      expect(refused.json()).toMatchObject({ code: 'unsupported_media_type' });
      expect(refused.json().detail, type).toContain(`the Content-Type header is ${type.split(';')[0]}`);
    }
    expect((await upload(session, 'text/csv')).statusCode).toBe(200);
    expect((await upload(session, 'application/octet-stream')).statusCode).toBe(200);
    expect((await upload(callerWith(app, { bearer: apiKey }), 'text/plain')).statusCode).toBe(200);
  });
});
