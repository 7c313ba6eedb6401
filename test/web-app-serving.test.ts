import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { buildApp } from '../src/http/build-app.js';
import { registerWebApp } from '../src/http/web-app.js';
import { freshDatabase } from './support/engines.js';

/** A built app as Vite lays it out: index.html and content-hashed assets. */
function fakeBuild(): string {
  const root = mkdtempSync(join(tmpdir(), 'relance-web-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><div id="root"></div><script type="module" src="/assets/index-abc123.js"></script>');
  writeFileSync(join(root, 'assets', 'index-abc123.js'), 'console.log("app")');
  writeFileSync(join(root, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  return root;
}

/** An app with an API-style 404 (JSON), the way the real server answers unknown API paths. */
async function serverWith(root: string): Promise<FastifyInstance> {
  const app = Fastify();
  app.setNotFoundHandler((_request, reply) => reply.code(404).type('application/problem+json').send({ title: 'Not Found', status: 404 }));
  app.get('/api/customers', async () => ({ items: [] }));
  await registerWebApp(app, { root });
  return app;
}

describe('serving the built web app', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = await serverWith(fakeBuild());
  });

  afterAll(async () => {
    await app?.close();
  });

  it('answers the app page at the root and on a reload of any client-side address', async () => {
    for (const url of ['/', '/customers', '/customers/0b7c6a1e-1c51-4c53-9d3c-5d2d1b1f0e11?from=2025-01-01']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type'], url).toMatch(/^text\/html/);
      expect(response.body, url).toContain('<div id="root"></div>');
      // Revalidated on every visit, so a new build is picked up at once.
      expect(response.headers['cache-control'], url).toBe('no-cache');
    }
  });

  it('serves hashed assets with a long cache and fails a missing one instead of sending the page', async () => {
    const found = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    expect(found.statusCode).toBe(200);
    expect(found.headers['content-type']).toMatch(/javascript/);
    expect(found.headers['cache-control']).toContain('immutable');
    expect(found.body).toBe('console.log("app")');

    const missing = await app.inject({ method: 'GET', url: '/assets/index-from-an-old-build.js' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).not.toMatch(/text\/html/);
  });

  it('leaves API paths to the API: its routes, and its own 404 for unknown ones', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/customers' })).json()).toEqual({ items: [] });
    const unknown = await app.inject({ method: 'GET', url: '/api/no-such-route?x=1' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('explains how to build the app when the build is missing', async () => {
    const bare = await serverWith(mkdtempSync(join(tmpdir(), 'relance-no-web-')));
    try {
      const page = await bare.inject({ method: 'GET', url: '/customers' });
      expect(page.statusCode).toBe(503);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.body).toContain('npm run build:web');
      const api = await bare.inject({ method: 'GET', url: '/api/no-such-route' });
      expect(api.statusCode).toBe(404);
      expect(api.headers['content-type']).toMatch(/^application\/problem\+json/);
    } finally {
      await bare.close();
    }
  });
});

describe('the Relance server', () => {
  let db: Db;
  let app: FastifyInstance;

  beforeAll(async () => {
    db = await freshDatabase('sqlite');
    app = await buildApp({ db });
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('answers an unknown API path with problem details, never with the web page', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/no-such-route' });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).not.toMatch(/text\/html/);
  });

  it('opens the web app pages without a session: the app itself shows the sign-in form', async () => {
    const response = await app.inject({ method: 'GET', url: '/customers' });
    expect(response.statusCode).not.toBe(401);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
  });
});
