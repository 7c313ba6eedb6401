import { describe, expect, it } from 'vitest';
import { IMPORT_ISSUE_CODES } from '../src/core/app-error.js';
import type { I18n } from '../web/src/i18n.js';
import { en, fr, type MessageKey } from '../web/src/messages.js';
import { issueSentence } from '../web/src/pages/import-page.js';

function reader(messages: Record<string, string>, language: 'en' | 'fr', locale: string): I18n {
  const t = (key: MessageKey, values?: Record<string, string | number>) =>
    messages[key]!.replace(/\{(\w+)\}/g, (whole, name: string) => (values && name in values ? String(values[name]) : whole));
  const tn = (base: string, count: number, values?: Record<string, string | number>) => t(`${base}.${count === 1 ? 'one' : 'other'}` as MessageKey, { count, ...values });
  return { language, locale, t, tn } as unknown as I18n;
}
const english = reader(en, 'en', 'en-150');
const french = reader(fr, 'fr', 'fr-FR');

describe('import problems in the reader’s language', () => {
  it('has English and French words for every problem code an import can give', () => {
    // more_not_listed is said by the plural labels import.issue.more.one / .other.
    const worded = IMPORT_ISSUE_CODES.filter((code) => code !== 'more_not_listed');
    const missing = worded.flatMap((code) => {
      const key = `import.reason.${code}`;
      return [...(key in en ? [] : [`${key} (en)`]), ...((fr as Record<string, string>)[key] ? [] : [`${key} (fr)`])];
    });
    expect(missing).toEqual([]);
  });

  it('says a problem in French, dates in words and FEC columns by their name, with no English left on the page', () => {
    const due = { file: 'factures.csv', line: 2, column: 25, message: 'Échéance: due date 2025-01-10 is before the invoice date 2025-01-15', reason: { code: 'due_before_date', field: 'due_date', value: '2025-01-10', expected: '2025-01-15' } };
    expect(issueSentence(due, french)).toEqual({ text: 'Ligne 2, colonne 25 de factures.csv : l’échéance, le 10 janvier 2025, précède la date de la facture, le 15 janvier 2025', lang: undefined });
    expect(issueSentence(due, english).text).toBe('Line 2, column 25 of factures.csv: the due date, 10 January 2025, is before the invoice date, 15 January 2025');

    const twice = { file: 'factures.csv', line: 5, column: 1, message: 'N° facture: invoice number R-3 appears twice in the file, on lines 4 and 5', reason: { code: 'twice_in_file', field: 'number', value: 'R-3', expected: 4 } };
    expect(issueSentence(twice, french).text).toBe('Ligne 5, colonne 1 de factures.csv : le numéro « R-3 » figure déjà à la ligne 4 du fichier');

    const fec = { file: 'grand-livre.txt', line: 3, column: 13, message: 'EcritureDate "20250231" is not a date (AAAAMMJJ)', reason: { code: 'not_a_fec_date', field: 'EcritureDate', value: '20250231' } };
    expect(issueSentence(fec, french)).toEqual({
      text: 'Ligne 3, colonne 13 de grand-livre.txt : la colonne EcritureDate « 20250231 » n’est pas une date (un FEC écrit les dates AAAAMMJJ, comme 20250331)',
      lang: undefined,
    });
  });

  it('keeps the server’s English sentence, marked as English, for a problem without a code', () => {
    expect(issueSentence({ file: 'f.csv', line: 1, message: 'something new went wrong' }, french)).toEqual({ text: 'Ligne 1 de f.csv : something new went wrong', lang: 'en' });
  });
});
