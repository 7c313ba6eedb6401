import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { pdfWords } from '../src/adapters/channels/pdf-words.test-support.js';
import { transportsFromConfig } from '../src/adapters/channels/transports-from-config.js';
import { openDatabase } from '../src/adapters/db/database.js';
import { enqueueMessage } from '../src/app/outbox/enqueue-message.js';
import { sendDueMessages } from '../src/app/outbox/send-due-messages.js';
import { emailFor, outboxLedger } from './fixtures/outbox/outbox-ledger.js';
import { relanceCli } from './support/relance-cli.js';

describe('relance outbox letters', () => {
  it("writes the day's letters into one PDF for the post room, and says when a day has none", async () => {
    const directory = mkdtempSync(join(tmpdir(), 'relance-letters-cli-'));
    const databaseUrl = `sqlite:${join(directory, 'relance.db')}`;
    const db = await openDatabase(databaseUrl);
    const { organizationId, customerId } = await outboxLedger(db);
    for (const [n, channel] of [[1, 'letter'], [2, 'registered_letter']] as const) {
      await enqueueMessage(db, organizationId, {
        ...emailFor(customerId, n, { channel, text: `Lettre numéro ${n} pour la Boulangerie Dubois.` }),
        recipient: { name: 'Boulangerie Dubois', postalAddress: '3 place du Marché\n69001 Lyon' },
      });
    }
    // Monday 2 March 2026, 10:00 in Paris: both letters are kept as PDFs for a person to post.
    const sent = await sendDueMessages(db, { now: new Date('2026-03-02T09:00:00Z'), workerId: 'w1', transports: transportsFromConfig({ outboxDir: join(directory, 'outbox') }) });
    expect(sent.kept).toBe(2);
    await db.close();

    const out = join(directory, 'letters.pdf');
    const result = await relanceCli(['outbox', 'letters', '--date', '2026-03-02', '--out', out], { DATABASE_URL: databaseUrl });
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^2 letters, \d+ pages?, written to /);
    const pdf = readFileSync(out);
    expect((await PDFDocument.load(pdf)).getPageCount()).toBeGreaterThanOrEqual(2);
    const words = (await pdfWords(pdf)).join(' ');
    expect(words).toContain('Lettre numéro 1');
    expect(words).toContain('Lettre numéro 2');

    const none = await relanceCli(['outbox', 'letters', '--date', '2026-03-03', '--out', out], { DATABASE_URL: databaseUrl });
    expect(none.code).toBe(4);
    expect(none.stderr).toContain('No letter left on 3 March 2026: there is nothing to print.');
  }, 120_000);
});
