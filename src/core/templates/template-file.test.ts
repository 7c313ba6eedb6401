import { describe, expect, it } from 'vitest';
import { AppError } from '../app-error.js';
import { requireSectionsFor, splitTemplateSections } from './template-file.js';

describe('template files', () => {
  it('splits a file into subject, text and html, remembering where each starts', () => {
    const sections = splitTemplateSections('\n--- subject\nInvoice due\n--- text\nHello\nBye\n--- html\n<p>Hello</p>\n', 'x.en.liquid');
    expect(sections.subject).toEqual({ source: 'Invoice due', line: 3 });
    expect(sections.text).toEqual({ source: 'Hello\nBye', line: 5 });
    expect(sections.html).toEqual({ source: '<p>Hello</p>\n', line: 8 });
  });

  it('reports text before the first marker, an unknown section and a repeated one, each at its line', () => {
    try {
      splitTemplateSections('Hello\n--- body\nx\n--- text\na\n--- text\nb', 'x.en.liquid');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).issues.map((issue) => `${issue.line}: ${issue.message}`)).toEqual([
        '1: text before the first section marker ("--- subject", "--- text" or "--- html")',
        '2: unknown section "body"; expected subject, text, html',
        '6: section "text" appears twice',
      ]);
    }
  });

  it('accepts a text-only template for a text message but not for an email', () => {
    const sections = splitTemplateSections('--- text\nPay invoice 12', 'x.en.liquid');
    expect(() => requireSectionsFor('sms', sections, 'x.en.liquid')).not.toThrow();
    expect(() => requireSectionsFor('email', sections, 'x.en.liquid')).toThrow('needs the section(s) subject, html');
  });
});
