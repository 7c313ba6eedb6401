import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../src/adapters/db/database.js';
import { saveCollectionSettings } from '../src/adapters/db/stores/collection-settings.js';
import { insertMandate } from '../src/adapters/db/stores/mandates.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { listOutboxMessages } from '../src/adapters/db/stores/outbox.js';
import type { OrganizationRow } from '../src/adapters/db/schema.js';
import { collectionOrganization, customerWithInvoices } from './support/collection-ledger.js';
import { ENGINES, freshDatabaseUrl } from './support/engines.js';
import { handedCaseTerms } from './support/handed-case.js';
import { relanceCli } from './support/relance-cli.js';

describe.each(ENGINES)('relance run for an agency on %s', (engine) => {
  let url: string;
  let db: Db;
  let creditor: OrganizationRow;

  beforeAll(async () => {
    url = await freshDatabaseUrl(engine);
    db = await openDatabase(url);
    creditor = await collectionOrganization(db, 'Alpha Tools');
    const agency = await createOrganization(db, { name: 'Recouvre Agency', legalName: 'Recouvre SAS', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr', kind: 'agency' });
    await saveCollectionSettings(db, agency.id, { senderEmail: 'cases@recouvre.example' });
    const { customer, invoiceIds } = await customerWithInvoices(db, creditor.id, 'C1', [['F-1', '2026-01-01', 1_000_00]]);
    await insertMandate(db, creditor.id, handedCaseTerms(agency, customer.id, Object.values(invoiceIds), { startsOn: '2026-03-02', stepId: null }));
  });

  afterAll(async () => {
    await db?.close();
  });

  const env = () => ({ DATABASE_URL: url, RELANCE_ORG: '', OUTBOX_DIR: mkdtempSync(join(tmpdir(), 'relance-agency-cli-')) });

  it('lists in a dry run the letter that would go, writing nothing; then queues it once', async () => {
    const dry = await relanceCli(['run', '--org', 'Recouvre Agency', '--as-of', '2026-03-02', '--dry-run'], env());
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('Agency run for 2026-03-02 (dry run: nothing written)');
    expect(dry.stdout).toMatch(/Alpha Tools\s+C1\s+first_letter\s+would go/);
    expect(dry.stdout).toContain('Your account with Alpha Tools SAS has been entrusted to Recouvre SAS');
    expect(await listOutboxMessages(db, creditor.id)).toEqual([]);

    const run = await relanceCli(['run', '--org', 'Recouvre Agency', '--as-of', '2026-03-02'], env());
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('1 live case, 1 letter queued');
    const again = await relanceCli(['run', '--org', 'Recouvre Agency', '--as-of', '2026-03-02', '--json'], env());
    expect(JSON.parse(again.stdout)).toMatchObject({ as_of: '2026-03-02', queued: 0, lines: [{ status: 'waiting', step: 'reminder' }] });
    expect((await listOutboxMessages(db, creditor.id)).map((row) => row.action_id)).toEqual([expect.stringMatching(/^mandate-step:.+:first_letter$/)]);
  });
});
