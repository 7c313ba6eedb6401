import { describe, expect, it } from 'vitest';
import type { ImportKind } from '../src/app/import/import-report.js';
import type { ImportIssue } from '../src/core/app-error.js';
import { FEC_HEADER, refusedImport, seededLedger } from './fixtures/imports/seeded-ledger.js';
import { ENGINES } from './support/engines.js';

const fecLine = (date: string, name: string) => `VE\tVentes\t1\t${date}\t411000\tClients\tC1\t${name}\tF1\t20250110\tFacture\t120,00\t0,00\t\t\t\t\t`;
const KINDS: ImportKind[] = ['customers', 'invoices', 'credit-notes', 'payments', 'fec'];

describe.each(ENGINES)('broken import files on %s', (engine) => {
  const ledger = seededLedger(engine);

  async function refusal(kind: ImportKind, name: string, content: string | Buffer): Promise<ImportIssue[]> {
    return [...(await refusedImport(ledger, kind, name, content)).issues];
  }

  it('refuses an unclosed quote at the place it opens instead of swallowing the lines after it', async () => {
    const text = 'reference,name\nU1,Un\nU2,Deux\nU3,"abc\nU4,Quatre\nU5,Cinq\n';
    expect(await refusal('customers', 'customers.csv', text)).toEqual([
      { file: 'customers.csv', line: 4, column: 4, message: 'quote opened here is never closed', reason: { code: 'unreadable_line' } },
    ]);
  });

  it('refuses a 3 MB unclosed field once it passes 1 MB, at the quote that opened it', async () => {
    const text = `reference,name\nU1,Un\nU2,"${'x'.repeat(3 * 1024 * 1024)}\n`;
    expect(await refusal('customers', 'big.csv', text)).toEqual([
      { file: 'big.csv', line: 3, column: 4, message: 'quote opened here is not closed within 1 MB (1048576 characters), the most a line may hold', reason: { code: 'unreadable_line' } },
    ]);
  });

  it('refuses a row cut short or too long with its line and both field counts', async () => {
    const header = 'number;customer;name;date;amount;currency';
    const cut = `${header}\nF1;C1;Un;2025-01-01;10.00;EUR\nF2;C1;Un;2025-01-02;1537`;
    expect(await refusal('invoices', 'cut.csv', cut)).toEqual([
      { file: 'cut.csv', line: 3, column: 1, message: 'the line has 5 fields where the header has 6', reason: { code: 'field_count', expected: 6, value: '5' } },
    ]);
    const long = `${header}\nF1;C1;Un;2025-01-01;10.00;EUR;extra\n`;
    expect(await refusal('invoices', 'long.csv', long)).toEqual([
      { file: 'long.csv', line: 2, column: 1, message: 'the line has 7 fields where the header has 6', reason: { code: 'field_count', expected: 6, value: '7' } },
    ]);
    const fec = `${FEC_HEADER}\n${fecLine('20250110', 'Client Un')}\n${fecLine('20250110', 'Client Un').slice(0, 60)}`;
    expect(await refusal('fec', 'cut.txt', fec)).toEqual([{ file: 'cut.txt', line: 3, column: 1, message: 'the line has 10 fields where the header has 18', reason: { code: 'field_count', value: '10', expected: 18 } }]);
  });

  it('refuses a line over 1 MB and a line of more than 500 fields at once', async () => {
    const huge = `reference;name;segment\nH1;Un;${'y'.repeat(1024 * 1024 + 10)}\nH2;Deux;z\n`;
    expect(await refusal('customers', 'huge.csv', huge)).toEqual([
      { file: 'huge.csv', line: 2, column: 1, message: 'the line is longer than 1 MB (1048576 characters), the most a line may hold', reason: { code: 'unreadable_line' } },
    ]);
    const wide = `reference;name;${Array.from({ length: 600 }, (_, i) => `c${i}`).join(';')}\n`;
    expect(await refusal('customers', 'wide.csv', wide)).toEqual([
      // c498 is the 501st field: 15 characters of "reference;name;", then 498 fields of 4 or 5.
      { file: 'wide.csv', line: 1, column: wide.indexOf(';c498;') + 2, message: 'the line has more than 500 fields, the most a file may have', reason: { code: 'unreadable_line' } },
    ]);
  });

  it('refuses a field longer than its column allows, naming the header and both lengths', async () => {
    const name = 'N'.repeat(301);
    expect(await refusal('customers', 'long-name.csv', `Référence;Raison sociale\nL1;${'N'.repeat(300)}\nL2;${name}\n`)).toEqual([
      { file: 'long-name.csv', line: 3, column: 4, message: 'Raison sociale: 301 characters where at most 300 are allowed', reason: { code: 'too_long', field: 'name', value: '301', expected: 300 } },
    ]);
    const fec = `${FEC_HEADER}\n${fecLine('20250110', name)}\n`;
    expect(await refusal('fec', 'long-name.txt', fec)).toEqual([
      { file: 'long-name.txt', line: 2, column: 40, message: 'CompAuxLib has 301 characters where at most 300 are allowed', reason: { code: 'too_long', field: 'CompAuxLib', value: '301', expected: 300 } },
    ]);
  });

  it('refuses NUL, CR and LF in names, numbers and references, and NUL anywhere in a FEC', async () => {
    const text = [
      'number;customer;name;date;amount',
      'N1;C1;"Deux\nlignes";2025-01-01;10',
      '"N\r2";C1;Un;2025-01-01;10',
      'N3;C\u00001;Un;2025-01-01;10',
    ].join('\n');
    expect(await refusal('invoices', 'controls.csv', text)).toEqual([
      { file: 'controls.csv', line: 2, column: 7, message: 'name: holds a line break or a NUL character; this field must stay on one line', reason: { code: 'holds_line_break', field: 'customer_name' } },
      { file: 'controls.csv', line: 4, column: 1, message: 'number: holds a line break or a NUL character; this field must stay on one line', reason: { code: 'holds_line_break', field: 'number' } },
      { file: 'controls.csv', line: 5, column: 4, message: 'customer: holds a line break or a NUL character; this field must stay on one line', reason: { code: 'holds_line_break', field: 'customer' } },
    ]);
    expect(await refusal('fec', 'nul.txt', `${FEC_HEADER}\n${fecLine('20250110', 'Client\u0000Un')}\n`)).toEqual([
      { file: 'nul.txt', line: 2, column: 40, message: 'CompAuxLib holds a NUL character', reason: { code: 'holds_nul', field: 'CompAuxLib' } },
    ]);
  });

  it.each(KINDS)('refuses an empty or BOM-only %s file at 1:1', async (kind) => {
    for (const content of [Buffer.alloc(0), Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('\n\r\n')]) {
      expect(await refusal(kind, 'empty.txt', content)).toEqual([{ file: 'empty.txt', line: 1, column: 1, message: 'the file is empty: a header line is expected', reason: { code: 'empty_file' } }]);
    }
  });

  it('refuses a date in the year 9999 at its place instead of failing inside', async () => {
    expect(await refusal('invoices', 'far.csv', 'number;customer;name;date;amount\nD1;C1;Un;31/12/9999;10\n')).toEqual([
      { file: 'far.csv', line: 2, column: 10, message: 'date: "31/12/9999" is out of range: dates go from 1900 to 2199', reason: { code: 'date_out_of_range', field: 'date', value: '31/12/9999' } },
    ]);
    expect(await refusal('fec', 'far.txt', `${FEC_HEADER}\n${fecLine('99991231', 'Client Un')}\n`)).toEqual([
      { file: 'far.txt', line: 2, column: 13, message: 'EcritureDate "99991231" is out of range: dates go from 1900 to 2199', reason: { code: 'date_out_of_range', field: 'EcritureDate', value: '99991231' } },
    ]);
  });
});
