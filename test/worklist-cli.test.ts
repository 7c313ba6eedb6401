import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../src/adapters/db/database.js';
import { insertTaskOnce } from '../src/adapters/db/stores/collection-tasks.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { buildApp } from '../src/http/build-app.js';
import { signIn } from './support/api-session.js';
import { collectionOrganization, customerWithInvoices } from './support/collection-ledger.js';
import { ENGINES, freshDatabaseUrl } from './support/engines.js';
import { relanceCli } from './support/relance-cli.js';

const AS_OF = '2025-05-16';

describe.each(ENGINES)('relance worklist on %s', (engine) => {
  let url: string;
  let db: Db;

  beforeAll(async () => {
    url = await freshDatabaseUrl(engine);
    db = await openDatabase(url);
    const org = await collectionOrganization(db);
    const collector = await createUser(db, org.id, { email: 'collector@atelier.test', name: 'Claire', password: 'worklist secret', role: 'collector' });
    const task = (customerId: string, key: string, assignee: string | null, title: string) =>
      insertTaskOnce(db, org.id, { customer_id: customerId, case_id: null, action_id: null, kind: 'call', step_id: 'phone-call', dedupe_key: key, title_en: title, title_fr: title, detail: null, due_on: AS_OF, assignee_user_id: assignee, created_on: AS_OF });
    const big = await customerWithInvoices(db, org.id, 'C001', [['F-1', '2025-04-01', 4200_00]]);
    await task(big.customer.id, 'call:big', null, 'Call about F-1');
    const small = await customerWithInvoices(db, org.id, 'C002', [['F-2', '2025-05-15', 120_00]]);
    await task(small.customer.id, 'call:small', collector.id, 'Call about F-2');
  });
  afterAll(async () => {
    await db?.close();
  });

  it('prints with --json exactly what GET /api/worklist answers', async () => {
    const cli = await relanceCli(['worklist', '--json', '--as-of', AS_OF], { DATABASE_URL: url });
    expect(cli.stderr).toBe('');
    expect(cli.code).toBe(0);
    const app = await buildApp({ db });
    try {
      const caller = await signIn(app, 'collector@atelier.test', 'worklist secret');
      const api = (await caller.get(`/api/worklist?as_of=${AS_OF}`)).json();
      expect(JSON.parse(cli.stdout)).toEqual(api);
      expect(api.items.map((line: { customer: { reference: string } }) => line.customer.reference)).toEqual(['C001', 'C002']);
    } finally {
      await app.close();
    }
  });

  it('shows my work in words with --mine, and says what a wrong kind is', async () => {
    const mine = await relanceCli(['worklist', '--mine', '--as-of', AS_OF], { DATABASE_URL: url, RELANCE_USER: 'collector@atelier.test' });
    expect(mine.code, mine.stderr).toBe(0);
    expect(mine.stdout).toContain('1. Customer C002 (C002)  €120.00  1 day late  low risk');
    expect(mine.stdout).toContain('Call about F-2');
    expect(mine.stdout).not.toContain('C001');
    const wrong = await relanceCli(['worklist', '--kind', 'everything'], { DATABASE_URL: url });
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toContain('Allowed choices are approval, call');
  });
});
