import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/adapters/db/database.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { createUserAccount } from '../src/app/auth/create-user-account.js';
import { freshDatabaseUrl } from './support/engines.js';

// The nginx example in docs/deploy is the one this test runs: if the documented configuration
// stops working with Relance, this fails.
const root = join(import.meta.dirname, '..');
const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((path) => {
  try {
    execFileSync(path, ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(url: string, options: { method?: string; headers?: Record<string, string>; body?: string; ca?: string }): Promise<Answer> {
  const target = new URL(url);
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      { method: options.method ?? 'GET', headers: options.headers, ...(options.ca ? { ca: options.ca, servername: 'localhost' } : {}) },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    if (options.body) req.write(options.body);
    req.end();
  });
}

function waitForLine(child: ChildProcess, pattern: RegExp, what: string): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`${what} printed no ${pattern} within 30 s:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = pattern.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${what} exited with ${code}:\n${output}`)));
  });
}

/** The documented site file, pointed at this test's ports, certificate and Relance. */
function siteConfiguration(dir: string, ports: { http: number; https: number; relance: number }): string {
  const documented = readFileSync(join(root, 'docs/deploy/nginx-relance.conf'), 'utf8');
  const site = documented
    .replaceAll('server_name relance.example.com;', 'server_name localhost;')
    .replace('listen 80;', `listen 127.0.0.1:${ports.http};`)
    .replace('listen 443 ssl;', `listen 127.0.0.1:${ports.https} ssl;`)
    .replace('/etc/ssl/relance/fullchain.pem', join(dir, 'cert.pem'))
    .replace('/etc/ssl/relance/privkey.pem', join(dir, 'key.pem'))
    .replace('http://127.0.0.1:3000', `http://127.0.0.1:${ports.relance}`);
  const temp = (name: string) => `${name} ${join(dir, name.replace('_path', ''))};`;
  return [
    'daemon off;',
    'master_process off;',
    `pid ${join(dir, 'nginx.pid')};`,
    `error_log ${join(dir, 'error.log')} warn;`,
    'events {}',
    'http {',
    '  access_log off;',
    `  ${temp('client_body_temp_path')} ${temp('proxy_temp_path')} ${temp('fastcgi_temp_path')} ${temp('uwsgi_temp_path')} ${temp('scgi_temp_path')}`,
    site,
    '}',
  ].join('\n');
}

describe('Relance behind nginx terminating TLS, as docs/deploy/nginx-relance.conf sets it up', () => {
  const dir = mkdtempSync(join(tmpdir(), 'relance-proxy-'));
  const children: ChildProcess[] = [];
  let https = '';
  let http = '';
  let ca = '';

  beforeAll(async () => {
    if (!NGINX) throw new Error('nginx is not installed (Debian package nginx-light); .ci/run installs it');
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=localhost',
      '-addext', 'subjectAltName=DNS:localhost', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    ], { stdio: 'ignore' });
    ca = readFileSync(join(dir, 'cert.pem'), 'utf8');

    const databaseUrl = await freshDatabaseUrl('sqlite');
    const db = await openDatabase(databaseUrl);
    try {
      const org = await createOrganization(db, { name: 'Atelier Dupont', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr' });
      await createUserAccount(db, org.id, { email: 'claire@dupont.example', name: 'Claire', role: 'admin', password: 'correct horse battery' });
    } finally {
      await db.close();
    }

    const relance = spawn(process.execPath, [join(root, 'bin/relance.mjs'), 'serve', '--port', '0', '--host', '127.0.0.1', '--no-demo'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl, TRUST_PROXY: '1', NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(relance);
    const [, relancePort] = await waitForLine(relance, /running at http:\/\/127\.0\.0\.1:(\d+)\//, 'relance serve');

    const ports = { http: await freePort(), https: await freePort(), relance: Number(relancePort) };
    writeFileSync(join(dir, 'nginx.conf'), siteConfiguration(dir, ports));
    const nginx = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(nginx);
    https = `https://localhost:${ports.https}`;
    http = `http://localhost:${ports.http}`;
    for (let attempt = 0; ; attempt++) {
      try {
        if ((await send(`${https}/api/health`, { ca })).status === 200) break;
      } catch (error) {
        if (attempt > 100 || nginx.exitCode !== null) throw new Error(`nginx did not come up: ${String(error)}\n${readFileSync(join(dir, 'error.log'), 'utf8')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }, 60_000);

  afterAll(() => {
    for (const child of children) child.kill('SIGTERM');
  });

  const signIn = (origin: string) =>
    send(`${https}/api/auth/login`, {
      method: 'POST',
      ca,
      headers: { 'content-type': 'application/json', origin, 'sec-fetch-site': 'same-origin' },
      body: JSON.stringify({ email: 'claire@dupont.example', password: 'correct horse battery' }),
    });

  it('sends plain-HTTP visitors to HTTPS', async () => {
    const answer = await send(`${http}/`, {});
    expect(answer.status).toBe(301);
    expect(answer.headers.location).toBe(`https://localhost/`);
  });

  it('marks the session cookie Secure and HttpOnly when the browser came over HTTPS', async () => {
    const answer = await signIn(https);
    expect(answer.status).toBe(200);
    const cookie = [answer.headers['set-cookie']].flat().find((line) => line?.startsWith('relance_session='));
    expect(cookie).toMatch(/;\s*Secure/i);
    expect(cookie).toMatch(/;\s*HttpOnly/i);
  });

  it('accepts a change from its own HTTPS origin and refuses the same change from another origin', async () => {
    const session = [(await signIn(https)).headers['set-cookie']].flat().find((line) => line?.startsWith('relance_session='))!.split(';')[0]!;
    const createCustomer = (origin: string, ref: string) =>
      send(`${https}/api/customers`, {
        method: 'POST',
        ca,
        headers: { 'content-type': 'application/json', cookie: session, origin },
        body: JSON.stringify({ reference: ref, name: `Client ${ref}` }),
      });
    expect((await createCustomer(https, 'C-1')).status).toBe(201);
    const foreign = await createCustomer('https://evil.example', 'C-2');
    expect(foreign.status).toBe(403);
    // The same host on its plain-HTTP port is another origin too.
    expect((await createCustomer(http, 'C-3')).status).toBe(403);
  });

  it('imports a file streamed through the proxy', async () => {
    const session = [(await signIn(https)).headers['set-cookie']].flat().find((line) => line?.startsWith('relance_session='))!.split(';')[0]!;
    const answer = await send(`${https}/api/imports/customers?file_name=clients.csv`, {
      method: 'POST',
      ca,
      headers: { 'content-type': 'text/csv', cookie: session, origin: https },
      body: 'Code client;Raison sociale\nC-10;Maison Durand\n',
    });
    expect(answer.status, answer.body).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ created: { customers: 1 } });
  });

  it('serves its pages with the security headers through the proxy', async () => {
    const page = await send(`${https}/`, { ca });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['strict-transport-security']).toMatch(/max-age=/);
  });
});
