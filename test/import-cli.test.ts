import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/adapters/db/database.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { writeTextFile } from './fixtures/imports/database-snapshot.js';
import { ENGINES, freshDatabaseUrl } from './support/engines.js';

const BIN = join(import.meta.dirname, '..', 'bin', 'relance.mjs');

/** Runs `relance import …` in the file's folder, so messages name the file as typed. */
function relanceImport(databaseUrl: string, path: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, 'import', ...args.map((a) => (a === 'FILE' ? path.split('/').pop()! : a))], {
    cwd: dirname(path),
    env: { ...process.env, DATABASE_URL: databaseUrl, RELANCE_ORG: '' },
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe.each(ENGINES)('relance import on %s', (engine) => {
  let url: string;
  beforeAll(async () => {
    url = await freshDatabaseUrl(engine);
    const db = await openDatabase(url);
    await createOrganization(db, { name: 'Atelier', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr' });
    await db.close();
  });

  it('exits non-zero and prints every problem as file:line:column when the file is wrong', () => {
    const path = writeTextFile('bad.csv', 'N° facture;Client;Nom;Date;Montant\nF1;C1;Un;31/02/2025;10\nF2;C1;Un;01/02/2025;abc\n');
    const { code, stdout, stderr } = relanceImport(url, path, 'invoices', 'FILE');
    expect(code).toBe(3);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      [
        'relance: bad.csv: 2 problems found, nothing was imported',
        '  bad.csv:2:10: Date: "31/02/2025" is not a date (write 31/03/2025 or 2025-03-31)',
        '  bad.csv:3:21: Montant: "abc" is not an amount (write 1234.56 or 1 234,56)',
        '',
      ].join('\n'),
    );
  });

  it('imports a good file, prints a summary, and skips everything on the second run', () => {
    const path = writeTextFile('good.csv', 'N° facture;Client;Nom;Date;Montant\nG1;C1;Un;01/02/2025;10\nG2;C2;Deux;01/02/2025;20\n');
    const dry = relanceImport(url, path, 'invoices', 'FILE', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('would create: 2 customers, 0 contacts, 2 invoices');
    expect(dry.stdout).toContain('dry run: nothing was written');
    const first = relanceImport(url, path, 'invoices', 'FILE');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('good.csv: 2 rows read (utf-8)');
    expect(first.stdout).toContain('created: 2 customers, 0 contacts, 2 invoices');
    const second = relanceImport(url, path, 'invoices', 'FILE');
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('created: 0 customers, 0 contacts, 0 invoices');
    expect(second.stdout).toContain('skipped as already present: 2');
  });

  it('takes a column mapping with --map', () => {
    const path = writeTextFile('mapped.csv', 'Pièce;Tiers;Nom;Jour;Valeur\nM1;C1;Un;01/02/2025;10\n');
    const { code, stdout } = relanceImport(url, path, 'invoices', 'FILE', '--map', 'number=Pièce,customer=Tiers,date=Jour,amount=Valeur');
    expect(code).toBe(0);
    expect(stdout).toContain('1 invoice,');
  });
});
