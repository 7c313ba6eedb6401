import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/adapters/db/database.js';
import { getAction } from '../src/adapters/db/stores/collection-actions.js';
import { listOutboxMessages } from '../src/adapters/db/stores/outbox.js';
import { runCollection } from '../src/app/collection/run-collection.js';
import { messageIdFor } from '../src/app/outbox/message-id.js';
import type { PlainDate } from '../src/core/plain-date.js';
import { collectionOrganization, customerWithInvoices } from './support/collection-ledger.js';
import { relanceCli } from './support/relance-cli.js';

const relance = relanceCli;

describe('relance outbox', () => {
  it('keeps emails as .eml files when no SMTP server is configured, only inside business hours, and lists them', async () => {
    const databaseUrl = `sqlite:${join(mkdtempSync(join(tmpdir(), 'relance-outbox-cli-')), 'relance.db')}`;
    const outboxDir = mkdtempSync(join(tmpdir(), 'relance-outbox-'));
    const db = await openDatabase(databaseUrl);
    const organization = await collectionOrganization(db);
    await customerWithInvoices(db, organization.id, 'C1', [['F-1', '2025-05-10', 120_000]]);
    // Friday 16 May 2025: the courteous reminder is queued for 09:00 in Paris.
    await runCollection(db, organization, { asOf: '2025-05-16' as PlainDate, now: new Date('2025-05-16T05:00:00Z'), send: false });
    const [queued] = await listOutboxMessages(db, organization.id, { status: 'queued' });
    const id = queued!.id;
    await db.close();
    const env = { DATABASE_URL: databaseUrl, OUTBOX_DIR: outboxDir };

    // Saturday: outside business hours, nothing leaves.
    const weekend = await relance(['outbox', 'send', '--now', '2025-05-17T10:00:00Z'], env);
    expect(weekend.stdout).toContain('sent 0, kept 0,');
    expect(weekend.stdout).toContain('outside business hours, messages wait: Atelier Durand');

    const send = await relance(['outbox', 'send', '--now', '2025-05-16T08:00:00Z'], env);
    expect(send.stderr).toBe('');
    expect(send.stdout).toMatch(/sent 0, kept 1,/);
    const eml = join(outboxDir, organization.id, `${id}.eml`);
    expect(existsSync(eml)).toBe(true);
    expect(readFileSync(eml, 'utf8')).toContain(`Message-ID: ${messageIdFor(id)}`);
    // The action behind it follows its message, as after the server's own sending pass.
    const after = await openDatabase(databaseUrl);
    expect((await getAction(after, organization.id, queued!.action_id))?.status).toBe('sent');
    await after.close();

    const list = await relance(['outbox', 'list', '--status', 'kept'], env);
    expect(list.stdout).toContain(id);
    expect(list.stdout).toContain(queued!.subject);

    const cancel = await relance(['outbox', 'cancel', id, '--reason', 'sent by hand'], env);
    expect(cancel.stdout).toContain(`${id} is now cancelled`);
    const wrong = await relance(['outbox', 'list', '--status', 'lost'], env);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/--status takes one of queued/);
    const badClock = await relance(['outbox', 'send', '--now', 'tomorrow'], env);
    expect(badClock.code).toBe(2);
    expect(badClock.stderr).toMatch(/--now takes an ISO 8601 instant/);
  });
});
