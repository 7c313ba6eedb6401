import { describe, expect, it } from 'vitest';
import { sampleTemplateContext } from '../../core/templates/template-context.js';
import { createTemplateRenderer, elide } from './liquid-renderer.js';

function renderText(source: string, language: 'fr' | 'en' | 'nl' | 'de' = 'fr', context = sampleTemplateContext(language)): string {
  return createTemplateRenderer({}).renderSource(`--- text\n${source}`, 'test.liquid', language, context).text!;
}

describe('French agreement filters', () => {
  it('writes one day in the singular and several in the plural, by the rule of the language', () => {
    expect(renderText("{{ 1 | plural: 'jour', 'jours' }}, {{ 0 | plural: 'jour', 'jours' }}, {{ 16 | plural: 'jour', 'jours' }}")).toBe('1 jour, 0 jour, 16 jours');
    expect(renderText("{{ 1 | plural: 'day', 'days' }}, {{ 0 | plural: 'day', 'days' }}", 'en')).toBe('1 day, 0 days');
    expect(renderText("{{ 1 | plural: 'Tag', 'Tagen' }}, {{ 3 | plural: 'Tag', 'Tagen' }}", 'de')).toBe('1 Tag, 3 Tagen');
  });

  it('elides before a vowel and not before a consonant', () => {
    const sample = sampleTemplateContext('fr');
    const context = { ...sample, organization: { ...sample.organization, name: 'Atelier Durand SAS' }, customer: { ...sample.customer, name: 'Boulangerie Martin' } };
    expect(renderText("la part {{ organization.name | elide: 'de' }}, le compte {{ customer.name | elide: 'de' }}", 'fr', context)).toBe(
      "la part d'Atelier Durand SAS, le compte de Boulangerie Martin",
    );
    expect(elide('que', 'Élise')).toBe("qu'Élise");
    expect(elide('de', 'Yves Conseil')).toBe("d'Yves Conseil");
    expect(elide('de', 'Yamaha France')).toBe('de Yamaha France');
    expect(elide('de', 'Hôtel du Parc')).toBe('de Hôtel du Parc');
    expect(elide('la', 'Orangerie')).toBe("l'Orangerie");
    expect(elide('avec', 'Atelier')).toBe('avec Atelier');
  });

  it('names the filter and what it takes when it is misused', () => {
    expect(() => renderText("{{ customer.name | plural: 'jour', 'jours' }}")).toThrow(/plural filter takes a number/);
    expect(() => renderText('{{ customer.name | elide }}')).toThrow(/elide filter takes the word/);
  });
});

describe('the sandbox', () => {
  it('reads no file: an include of a path on the server is an error, never its content', () => {
    for (const tag of ["{% include '/etc/passwd' %}", "{% render '../../package.json' %}", "{% layout '/etc/hostname' %}x"]) {
      let output = '';
      try {
        output = renderText(tag);
      } catch (error) {
        output = String(error);
      }
      expect(output).not.toMatch(/root:|"name": "relance"/);
      expect(output).toMatch(/no template named/);
    }
  });

  it('gives templates no way into the objects behind the values', () => {
    expect(() => renderText('{{ customer.constructor.name }}')).toThrow();
    expect(renderText("{{ 'x' | append: customer.name }}")).not.toContain('function');
  });
});
