import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { listOrganizations } from '../src/adapters/db/stores/organizations.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { DEMO_ORGANIZATION } from '../src/app/demo/demo-organization.js';
import { loadDemo } from '../src/app/demo/load-demo.js';
import { todayIn } from '../src/core/plain-date.js';
import { buildApp } from '../src/http/build-app.js';
import { useSecurityHeaders } from '../src/http/security-headers.js';
import { registerWebApp, WEB_DIST } from '../src/http/web-app.js';
import { freshDatabase } from './support/engines.js';
import { buildWebAppIfStale, openAppInChromium } from './support/web-browser.js';

/** The directives of a Content-Security-Policy header, by name. */
function directives(header: unknown): Map<string, string[]> {
  return new Map(
    String(header ?? '')
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

function expectPageProtections(response: { headers: Record<string, unknown> }, what: string): void {
  const csp = directives(response.headers['content-security-policy']);
  expect(csp.get('script-src'), what).toEqual(["'self'"]);
  expect(csp.get('frame-ancestors'), what).toEqual(["'none'"]);
  expect(response.headers['x-content-type-options'], what).toBe('nosniff');
  expect(response.headers['referrer-policy'], what).toBe('same-origin');
}

describe('browser protections of the pages and the API', () => {
  let db: Db;
  let app: FastifyInstance;

  beforeAll(async () => {
    buildWebAppIfStale();
    db = await freshDatabase('sqlite');
    app = await buildApp({ db });
    await app.ready();
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('sends a policy with no inline script and no framing on the app pages and the API docs', async () => {
    for (const url of ['/', '/customers/0b7c6a1e-1c51-4c53-9d3c-5d2d1b1f0e11', '/api/docs']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type'], url).toMatch(/^text\/html/);
      expectPageProtections(response, url);
    }
  });

  it('forbids MIME sniffing and cross-site referrers on API answers and errors', async () => {
    for (const url of ['/api/health', '/api/customers', '/api/no-such-route']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.headers['x-content-type-options'], url).toBe('nosniff');
      expect(response.headers['referrer-policy'], url).toBe('same-origin');
    }
  });

  it('builds the web app with no inline script and no source map', () => {
    const index = readFileSync(join(WEB_DIST, 'index.html'), 'utf8');
    const scripts = [...index.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\ssrc=/);
      expect(body!.trim()).toBe('');
    }
    const assets = readdirSync(join(WEB_DIST, 'assets'));
    expect(assets.filter((name) => name.endsWith('.map'))).toEqual([]);
    for (const name of assets.filter((n) => /\.(js|css)$/.test(n))) {
      expect(readFileSync(join(WEB_DIST, 'assets', name), 'utf8'), name).not.toMatch(/sourceMappingURL/);
    }
  });

  it('does not serve a source map even when a build holds one', async () => {
    const root = mkdtempSync(join(tmpdir(), 'relance-web-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><div id="root"></div><script type="module" src="/assets/index-abc123.js"></script>');
    writeFileSync(join(root, 'assets', 'index-abc123.js'), 'console.log("app")\n//# sourceMappingURL=index-abc123.js.map');
    writeFileSync(join(root, 'assets', 'index-abc123.js.map'), '{"version":3,"sources":["../src/main.tsx"],"sourcesContent":["secret"]}');
    const server = Fastify();
    await registerWebApp(server, { root });
    try {
      expect((await server.inject({ method: 'GET', url: '/assets/index-abc123.js' })).statusCode).toBe(200);
      const map = await server.inject({ method: 'GET', url: '/assets/index-abc123.js.map' });
      expect(map.statusCode).toBe(404);
      expect(map.body).not.toContain('secret');
    } finally {
      await server.close();
    }
  });

  it('lets the page that explains a missing build apply its own style and nothing else', async () => {
    const server = Fastify();
    useSecurityHeaders(server);
    await registerWebApp(server, { root: mkdtempSync(join(tmpdir(), 'relance-no-web-')) });
    try {
      const page = await server.inject({ method: 'GET', url: '/' });
      expect(page.statusCode).toBe(503);
      const csp = directives(page.headers['content-security-policy']);
      expect(csp.get('default-src')).toEqual(["'none'"]);
      expect(csp.get('style-src')).toEqual([expect.stringMatching(/^'sha256-[A-Za-z0-9+/]+=*'$/)]);
      expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    } finally {
      await server.close();
    }
  });

  it('runs the app, its charts and the API docs in Chromium without a policy violation', async () => {
    const browserDb = await freshDatabase('sqlite');
    await loadDemo(browserDb, { customers: 12, invoices: 120, seed: 3, asOf: todayIn(DEMO_ORGANIZATION.timeZone, new Date()) });
    const [organization] = await listOrganizations(browserDb);
    await createUser(browserDb, organization!.id, { email: 'csp@relance.test', name: 'Policy', password: 'correct horse battery', role: 'admin', locale: 'en' });
    const violations: string[] = [];
    const session = await openAppInChromium(browserDb);
    try {
      const { page } = session;
      page.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) violations.push(`${page.url()}: ${message.text()}`);
      });
      // The policy is in force, not merely absent.
      expect((await page.goto('/'))?.headers()['content-security-policy']).toContain("script-src 'self'");
      await page.getByLabel('Email').fill('csp@relance.test');
      await page.getByLabel('Password').fill('correct horse battery');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: /Today|Aujourd’hui/ }).waitFor();
      await page.goto('/dashboard');
      // The dashboard's charts draw SVG with styles set from script.
      await page.locator('svg.recharts-surface').first().waitFor();
      expect((await page.goto('/api/docs'))?.headers()['content-security-policy']).toContain("script-src 'self'");
      await page.getByText('Relance API').first().waitFor();
      await page.locator('.opblock').first().waitFor();
      expect(violations).toEqual([]);
    } finally {
      await session.close();
    }
  }, 120_000);
});
