import { describe, expect, it } from 'vitest';
import { csvTable } from './csv-table.js';

describe('csvTable', () => {
  it('opens with a byte-order mark and ends every record with CRLF', () => {
    expect(csvTable(['a', 'b'], [['1', 2]])).toBe('\uFEFFa,b\r\n1,2\r\n');
  });

  it('quotes commas, quotes and line breaks, doubling the quotes inside', () => {
    expect(csvTable(['note'], [['He said "no", twice\nthen left']])).toBe('\uFEFFnote\r\n"He said ""no"", twice\nthen left"\r\n');
  });

  it('keeps a formula a customer typed from running in a spreadsheet, but leaves negative amounts as numbers', () => {
    const csv = csvTable(['text', 'amount'], [['=HYPERLINK("http://evil.test","click")', '-12.50'], ['@SUM(A1)', '+33 6 12']]);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.test"",""click"")",-12.50`);
    expect(csv).toContain(`'@SUM(A1),'+33 6 12`);
  });
});
