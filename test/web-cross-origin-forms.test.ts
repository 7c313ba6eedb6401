import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { freshDatabase } from './support/engines.js';
import { openAppInChromium, type AppInBrowser } from './support/web-browser.js';

/**
 * A page of another site: a form that posts a CSV as text/plain to the import, and a script
 * that posts the sign-out, both with the browser's cookie if the browser sends it.
 */
function attackerPage(target: string): string {
  return `<!doctype html><html><body>
<form id="import" method="post" enctype="text/plain" action="${target}/api/imports/customers">
<input type="hidden" name="reference;name&#10;EVIL-1;Forged customer&#10;EVIL-2;Forged" value="again">
<button>Import</button>
</form>
<button id="logout" onclick="fetch('${target}/api/auth/logout', { method: 'POST', mode: 'no-cors', credentials: 'include' }).then(() => { document.title = 'sent'; })">Sign out</button>
</body></html>`;
}

async function serve(html: string): Promise<Server> {
  const server = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

describe('pages of another origin in Chromium', () => {
  let db: Db;
  let session: AppInBrowser;
  let attacker: Server;
  let attackerUrl: string;

  beforeAll(async () => {
    db = await freshDatabase('sqlite');
    const organization = await createOrganization(db, { name: 'Atelier', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'en' });
    await createUser(db, organization.id, { email: 'ada@atelier.test', name: 'Ada', password: 'correct horse battery', role: 'admin', locale: 'en' });
    session = await openAppInChromium(db, { signIn: { email: 'ada@atelier.test', password: 'correct horse battery' } });
    await session.page.getByRole('heading', { name: 'Today' }).waitFor();
    // The same host on another port: the same site, so the browser sends the session cookie along.
    attacker = await serve(attackerPage(session.baseUrl));
    attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`;
  }, 120_000);

  afterAll(async () => {
    await session?.close();
    await new Promise((resolve) => attacker?.close(resolve));
  });

  const signedIn = async () => (await session.context.request.get('/api/me')).status();

  it('refuses a form another port of the same host posts to the import, and imports nothing', async () => {
    const { page } = session;
    await page.goto(attackerUrl);
    const [response] = await Promise.all([page.waitForResponse(/\/api\/imports\/customers/), page.getByRole('button', { name: 'Import' }).click()]);
    expect(response.status()).toBe(403);
    expect((await response.json()).detail).toContain(`comes from ${attackerUrl.slice(0, -1)}`);
    const forged = await db.kysely.selectFrom('customers').select('external_ref').where('external_ref', 'like', 'EVIL-%').execute();
    expect(forged).toEqual([]);
  });

  it('refuses a sign-out another origin posts with the cookie: the user stays signed in', async () => {
    const { page } = session;
    expect(await signedIn()).toBe(200);
    await page.goto(attackerUrl);
    const [response] = await Promise.all([page.waitForResponse(/\/api\/auth\/logout/), page.getByRole('button', { name: 'Sign out' }).click()]);
    expect(response.status()).toBe(403);
    expect(await signedIn()).toBe(200);
  });
});
