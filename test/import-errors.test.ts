import { describe, expect, it } from 'vitest';
import type { ImportKind, ImportOptions } from '../src/app/import/import-report.js';
import { AppError } from '../src/core/app-error.js';
import { FEC_HEADER, refusedImport, seededLedger } from './fixtures/imports/seeded-ledger.js';
import { ENGINES } from './support/engines.js';

describe.each(ENGINES)('import errors on %s', (engine) => {
  const ledger = seededLedger(engine);

  function rejection(kind: ImportKind, name: string, text: string, options: ImportOptions = {}): Promise<AppError> {
    return refusedImport(ledger, kind, name, text, options);
  }

  it('lists every problem of a broken file at file:line:column, naming the header, and writes nothing', async () => {
    const text = [
      'N° facture;Code client;Nom;Date facture;Montant TTC;Devise',
      'F1;C1;Un;32/01/2025;10,00;EUR',
      'F2;C1;Un;01/01/2025;dix euros;EUR',
      'F1;C1;Un;02/01/2025;10,00;EUR',
      'F3;C1;Un;02/01/2025;10,00;EURO',
      'F4;;Un;02/01/2025;10,00;EUR',
      // A name must hold on one line, even quoted.
      'F5;C1;"Un',
      'Deux";01/01/2025;10,00;EUR',
      'F6;C1;Un;01/13/2025;10,00;EUR',
    ].join('\n');
    const error = await rejection('invoices', 'broken.csv', text);
    expect(error.message).toBe('broken.csv: 7 problems found, nothing was imported');
    expect(error.issues).toEqual([
      { file: 'broken.csv', line: 2, column: 10, message: 'Date facture: "32/01/2025" is not a date (write 31/03/2025 or 2025-03-31)', reason: { code: 'not_a_date', field: 'date', value: '32/01/2025' } },
      { file: 'broken.csv', line: 3, column: 21, message: 'Montant TTC: "dix euros" is not an amount (write 1234.56 or 1 234,56)', reason: { code: 'not_an_amount', field: 'amount', value: 'dix euros' } },
      { file: 'broken.csv', line: 4, column: 1, message: 'N° facture: invoice number F1 appears twice in the file, on lines 2 and 4', reason: { code: 'twice_in_file', field: 'number', value: 'F1', expected: 2 } },
      { file: 'broken.csv', line: 5, column: 27, message: 'Devise: "EURO" is not a known ISO 4217 currency code such as EUR', reason: { code: 'not_a_currency', field: 'currency', value: 'EURO' } },
      { file: 'broken.csv', line: 6, column: 4, message: 'Code client: customer is empty', reason: { code: 'empty', field: 'customer' } },
      { file: 'broken.csv', line: 7, column: 7, message: 'Nom: holds a line break or a NUL character; this field must stay on one line', reason: { code: 'holds_line_break', field: 'customer_name' } },
      { file: 'broken.csv', line: 9, column: 10, message: 'Date facture: "01/13/2025" is not a date (write 31/03/2025 or 2025-03-31)', reason: { code: 'not_a_date', field: 'date', value: '01/13/2025' } },
    ]);
  });

  it('names a missing required column at file:1:1', async () => {
    const error = await rejection('payments', 'no-amount.csv', 'Référence;Client;Date\nP1;C1;01/01/2025\n');
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatchObject({ file: 'no-amount.csv', line: 1, column: 1 });
    expect(error.issues[0]!.message).toMatch(/^missing required column amount \(a header such as "montant TTC"/);
  });

  it('caps the list of problems and says how many more there are', async () => {
    const rows = Array.from({ length: 1200 }, (_, i) => `X${i};C1;Un;2025-01-01;n/a`);
    const error = await rejection('invoices', 'many.csv', ['number;customer;name;date;amount', ...rows].join('\n'));
    expect(error.message).toBe('many.csv: 1200 problems found, nothing was imported');
    expect(error.issues).toHaveLength(1001);
    expect(error.issues[1000]).toEqual({ message: '… and 200 more not listed', reason: { code: 'more_not_listed', value: '200' } });
  });

  it('leaves nothing behind when the import fails half-way through writing', async () => {
    const rows = Array.from({ length: 6000 }, (_, i) => `H${i};C${i % 50};Client ${i % 50};2025-01-01;1,00`);
    const error = await rejection('invoices', 'half.csv', ['number;customer;name;date;amount', ...rows].join('\n'), {
      onProgress: (p) => {
        // By row 5,000 of the writing pass ten batches are in the database, inside the transaction.
        if (p.phase === 'write' && p.rowsRead >= 5000) throw new AppError('import_failed', 'disk full (simulated)');
      },
    });
    expect(error.message).toBe('disk full (simulated)');
  });

  it('reports bad dates, amounts and missing columns of a FEC at their place', async () => {
    const text = [
      FEC_HEADER,
      'VE\tVentes\t1\t20250231\t411000\tClients\tC1\tClient Un\tF1\t20250110\tFacture\t120,00\t0,00\t\t\t\t\t',
      'VE\tVentes\t1\t20250110\t706000\tPrestations\t\t\tF1\t20250110\tFacture\t0,00\tcent\t\t\t\t\t',
    ].join('\n');
    const error = await rejection('fec', 'ledger.txt', text);
    expect(error.issues).toEqual([
      { file: 'ledger.txt', line: 2, column: 13, message: 'EcritureDate "20250231" is not a date (AAAAMMJJ)', reason: { code: 'not_a_fec_date', field: 'EcritureDate', value: '20250231' } },
      { file: 'ledger.txt', line: 3, column: 68, message: 'Credit "cent" is not an amount', reason: { code: 'not_an_amount', field: 'Credit', value: 'cent' } },
    ]);
    const missing = await rejection('fec', 'short.txt', `${FEC_HEADER.replace('\tEcritureLet', '')}\n`);
    expect(missing.issues).toEqual([{ file: 'short.txt', line: 1, column: 1, message: 'missing FEC column EcritureLet in the header', reason: { code: 'missing_fec_columns', value: 'EcritureLet' } }]);
  });
});
