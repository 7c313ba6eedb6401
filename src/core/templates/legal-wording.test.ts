import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTemplateRenderer } from '../../adapters/templates/liquid-renderer.js';
import { readTemplateDirectory } from '../../adapters/templates/read-template-directory.js';
import type { MessageLanguage } from '../scenarios/scenario.js';
import { missingRatesPhrase } from './late-fee-wording.js';
import { sampleTemplateContext, type TemplateContext } from './template-context.js';

const renderer = createTemplateRenderer(readTemplateDirectory(join(import.meta.dirname, '../../../templates')));

function withFees(language: MessageLanguage, change: Partial<NonNullable<TemplateContext['late_fees']>> = {}): TemplateContext {
  const sample = sampleTemplateContext(language, { withLateFees: true });
  return { ...sample, pay_within_days: 15, late_fees: { ...sample.late_fees!, ...change } };
}

describe('the legal wording of the built-in texts', () => {
  it('cites the Code de commerce and the rate applied, counts the formal notice deadline from receipt, and claims no other cost than the indemnity and proven ones', () => {
    const { text } = renderer.render('formal-notice', 'fr', withFees('fr'), 'registered_letter');
    expect(text).toContain('(articles L441-10 et D441-5 du Code de commerce)');
    expect(text).toContain('Pénalités de retard (taux de 13,15\u00a0% au 1er semestre 2025) : 8,12\u00a0€');
    expect(text).toContain('Indemnité forfaitaire pour frais de recouvrement (40,00\u00a0€ par facture payée en retard) : 80,00\u00a0€');
    expect(text).toContain('dans un délai de 15 jours à compter de la réception de la présente, soit au plus tard le 26 mai 2025');
    expect(text).not.toContain("s'ajouteraient");
    expect(text).toContain("Outre l'indemnité forfaitaire, seuls les frais de recouvrement exposés au-delà de son montant pourront, sur justification, s'ajouter aux sommes dues (article L441-10 du Code de commerce).");
  });

  it('states the indemnity and names the missing rate when a half-year has none, in every language', () => {
    const missing = [{ year: 2026, half: 2 as const }];
    for (const language of ['fr', 'en', 'nl', 'de'] as const) {
      const context = withFees(language, { interest_complete: false, missing_period: missingRatesPhrase(missing, language) });
      const { text } = renderer.render('firm-reminder', language, context, 'email');
      expect(text).toContain(missingRatesPhrase(missing, language));
      expect(text).toMatch(/40,00|40\.00/);
    }
  });

  it('agrees the days and elides a name starting with a vowel in French', () => {
    const sample = sampleTemplateContext('fr', { withLateFees: true });
    const oneDay = { ...sample, invoices: [{ ...sample.invoices[0]!, days_overdue: 1 }] };
    expect(renderer.render('firm-reminder', 'fr', oneDay, 'email').text).toMatch(/échue depuis 1 jour(?!s)/);
    expect(renderer.render('firm-reminder', 'fr', sample, 'email').text).toMatch(/échue depuis 15 jours/);
    const handoff = renderer.render('handoff-notice', 'fr', sample, 'handoff').text!;
    expect(handoff).toContain("pour le compte d'Atelier Durand SAS");
    expect(handoff).not.toContain('de Atelier');
  });

  it('writes the German firm step as a Mahnung about overdue invoices, with the indemnity of § 288 (5) BGB under German law', () => {
    const message = renderer.render('firm-reminder', 'de', withFees('de', { law: 'de' }), 'email');
    expect(message.subject).toMatch(/^Mahnung: .* überfällig,/);
    expect(message.text).toContain('seit 15 Tagen überfällig ist');
    expect(message.text).toContain('Pauschale nach § 288 Abs. 5 BGB (40,00\u00a0€ je verspätet bezahlte Rechnung)');
    expect(message.text).not.toMatch(/(?<!über)fällig ist/);
  });
});
