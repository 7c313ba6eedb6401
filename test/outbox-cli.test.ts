import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/adapters/db/database.js';
import { enqueueMessage } from '../src/app/outbox/enqueue-message.js';
import { messageIdFor } from '../src/app/outbox/message-id.js';
import { emailFor, outboxLedger } from './fixtures/outbox/outbox-ledger.js';

const root = join(import.meta.dirname, '..');

function relance(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('node', [join(root, 'bin/relance.mjs'), ...args], { cwd: root, env: { ...process.env, SMTP_URL: '', SMS_PROVIDER_URL: '', ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('relance outbox', () => {
  it('keeps emails as .eml files when no SMTP server is configured, and lists them', async () => {
    const databaseUrl = `sqlite:${join(mkdtempSync(join(tmpdir(), 'relance-outbox-cli-')), 'relance.db')}`;
    const outboxDir = mkdtempSync(join(tmpdir(), 'relance-outbox-'));
    const db = await openDatabase(databaseUrl);
    const { organizationId, customerId } = await outboxLedger(db);
    const { id } = await enqueueMessage(db, organizationId, emailFor(customerId, 1, { notBefore: '2020-01-01T00:00:00Z' }));
    await db.close();
    const env = { DATABASE_URL: databaseUrl, OUTBOX_DIR: outboxDir };

    const send = await relance(['outbox', 'send'], env);
    expect(send.stderr).toBe('');
    expect(send.stdout).toMatch(/sent 0, kept 1,/);
    const eml = join(outboxDir, organizationId, `${id}.eml`);
    expect(existsSync(eml)).toBe(true);
    expect(readFileSync(eml, 'utf8')).toContain(`Message-ID: ${messageIdFor(id)}`);

    const list = await relance(['outbox', 'list', '--status', 'kept'], env);
    expect(list.stdout).toContain(id);
    expect(list.stdout).toContain('Rappel : facture F-1');

    const cancel = await relance(['outbox', 'cancel', id, '--reason', 'sent by hand'], env);
    expect(cancel.stdout).toContain(`${id} is now cancelled`);
    const wrong = await relance(['outbox', 'list', '--status', 'lost'], env);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/--status takes one of queued/);
  });
});
