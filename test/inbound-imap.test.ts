import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import hoodiecrow from 'hoodiecrow-imap';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { listTasks } from '../src/adapters/db/stores/collection-tasks.js';
import { listInboundMessages, setInboundAddress } from '../src/adapters/db/stores/inbound-messages.js';
import { openDatabase } from '../src/adapters/db/database.js';
import { fetchImapReplies } from '../src/app/inbound/inbound-mail.js';
import { enqueueMessage } from '../src/app/outbox/enqueue-message.js';
import { emailFor, outboxLedger } from './fixtures/outbox/outbox-ledger.js';
import { relanceCli } from './support/relance-cli.js';
import { freshDatabase } from './support/engines.js';

const INBOUND = 'relances@atelier-durand.example';
const NOW = new Date('2026-03-03T09:00:00Z');
const fixture = (name: string, outboxId: string) => readFileSync(join(import.meta.dirname, 'fixtures/inbound', name), 'utf8').replaceAll('OUTBOX_ID', outboxId);

describe('reading replies from an IMAP mailbox', () => {
  let db: Db;
  let server: ReturnType<typeof hoodiecrow> | undefined;
  let organizationId: string;
  let customerId: string;
  let outboxId: string;

  beforeEach(async () => {
    db = await freshDatabase('sqlite');
    ({ organizationId, customerId } = await outboxLedger(db));
    await setInboundAddress(db, organizationId, INBOUND);
    outboxId = (await enqueueMessage(db, organizationId, emailFor(customerId, 1))).id;
  });
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
    await db.close();
  });

  async function mailbox(raws: string[]): Promise<string> {
    server = hoodiecrow({ plugins: ['ID', 'IDLE', 'UNSELECT', 'ENABLE'], storage: { INBOX: { messages: raws.map((raw) => ({ raw, flags: [] })) } } });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => resolve()));
    return `imap://testuser:testpass@127.0.0.1:${(server.server.address() as AddressInfo).port}/INBOX`;
  }

  it('reads each unread reply once, threads it, and marks it read so the next pass finds nothing', async () => {
    const url = await mailbox([fixture('human-reply.eml', outboxId), fixture('out-of-office-fr.eml', outboxId)]);
    expect(await fetchImapReplies(db, url, { now: () => NOW })).toEqual({ fetched: 2, tooLarge: 0, failed: 0, errors: [] });
    const { rows } = await listInboundMessages(db, organizationId, { limit: 10, offset: 0 });
    expect(rows.map((row) => [row.kind, row.status, row.matched_by, row.source]).sort()).toEqual([
      ['automatic', 'automatic', 'message_id', 'imap'],
      ['human', 'open', 'message_id', 'imap'],
    ]);
    expect((await listTasks(db, organizationId, { kind: 'reply' })).map((task) => task.customer_id)).toEqual([customerId]);
    expect(await fetchImapReplies(db, url, { now: () => NOW })).toMatchObject({ fetched: 0 });
  });
});

describe('relance inbound', () => {
  it('sets the inbound address and reads a saved email as if it had arrived', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relance-inbound-cli-'));
    const url = `sqlite:${join(dir, 'relance.db')}`;
    const db = await openDatabase(url);
    const { organizationId, customerId } = await outboxLedger(db);
    const { id } = await enqueueMessage(db, organizationId, emailFor(customerId, 1));
    await db.close();
    const env = { DATABASE_URL: url };
    expect((await relanceCli(['inbound', 'address', INBOUND], env)).stdout).toBe(`Atelier Morel receives replies at ${INBOUND}\n`);
    const file = join(dir, 'reply.eml');
    writeFileSync(file, fixture('human-reply.eml', id));
    const received = await relanceCli(['inbound', 'receive', file], env);
    expect(received.stdout).toMatch(/^[0-9a-f-]{36}: human, open\n$/);
    const listed = await relanceCli(['inbound', 'list', '--status', 'open'], env);
    expect(listed.stdout).toContain('marie.dubois@dubois-freres.example  RE: Reminder: invoice F-2026-014 is overdue');
  });
});
