import { describe, expect, it } from 'vitest';
import { MESSAGE_LANGUAGES } from '../scenarios/scenario.js';
import { LABELLED_SENTENCES } from './tone-check-sentences.js';
import { checkTone, TONE_RULES } from './tone-check.js';

const found = (source: string, formal = false) => checkTone(source, { formal }).map((hint) => [hint.category, hint.text]);

describe('tone check', () => {
  it('flags vague French and English wording', () => {
    expect(found('Bonjour,\nOn espère que tout va bien de votre côté.')).toEqual([['vague', 'On espère que tout va bien']]);
    expect(found('Hi, just checking in about invoice 12.')).toEqual([['vague', 'just checking in']]);
    expect(found('Please pay when you get a chance.')).toEqual([['vague', 'when you get a chance']]);
  });

  it('flags apologies for asking to be paid', () => {
    expect(found('Désolé de vous relancer une fois de plus.')).toEqual([['apologetic', 'Désolé de vous relancer']]);
    expect(found('Sorry to bother you again about this.')).toEqual([['apologetic', 'Sorry to bother you']]);
  });

  it('flags accusations in any template, formal notices included', () => {
    expect(found('Vous abusez de notre confiance.', true)).toEqual([['accusatory', 'Vous abusez']]);
    expect(found('You failed to pay on time.', true)).toEqual([['accusatory', 'You failed to']]);
  });

  it('flags threats in a reminder but accepts legal wording in a formal notice', () => {
    expect(found('Ceci est votre dernier avertissement.')).toEqual([['threatening', 'dernier avertissement']]);
    expect(found('Ceci est votre dernier avertissement.', true)).toEqual([]);
    expect(found('Otherwise we will start legal proceedings.')).toEqual([['threatening', 'legal proceedings']]);
  });

  it('gives the line and column of the words, and a neutral alternative in their language', () => {
    const [hint] = checkTone('--- text\nBonjour,\n\nNous sommes   désolés de vous déranger.');
    // "Nous sommes" and three spaces take columns 1 to 14.
    expect(hint).toMatchObject({ line: 4, column: 15, text: 'désolés de vous déranger' });
    expect(hint!.suggestion).toBe('Sauf erreur de notre part, la facture {numéro} du {date} reste à régler.');
    expect(hint!.why.en).toMatch(/apology/);
  });

  it('matches across line breaks, letter case, missing accents and typographic apostrophes', () => {
    expect(found('J’espère\nque vous allez bien')).toEqual([['vague', 'J’espère\nque vous allez bien']]);
    expect(found('DESOLE DE VOUS RELANCER')).toEqual([['apologetic', 'DESOLE DE VOUS RELANCER']]);
  });

  it('does not flag the words inside a longer word', () => {
    expect(found('Our courthouse-style clarity is unmatched; the tribunals list is attached.')).toEqual([]);
  });

  it('ignores notes left in Liquid comments', () => {
    expect(found("{% comment %}Don't write: sorry to bother you{% endcomment %}Invoice 12 is open.")).toEqual([]);
  });

  it('accepts the clear, neutral and factual reminder the practice recommends', () => {
    const clear =
      'Bonjour, sauf erreur de notre part, la facture F-456 arrivée à échéance le 15 avril est toujours en attente de règlement. ' +
      'Merci de nous indiquer la date de paiement envisagée.';
    expect(found(clear)).toEqual([]);
  });

  it('covers Dutch and German as well', () => {
    expect(found('Het spijt ons dat wij u opnieuw schrijven.')).toEqual([['apologetic', 'Het spijt ons dat']]);
    expect(found('Dies ist die letzte Warnung.')).toEqual([['threatening', 'letzte Warnung']]);
  });

  it('flags "as soon as possible" and its kin only when the sentence gives no date', () => {
    expect(found('Merci de régler dès que possible.')).toEqual([['vague', 'dès que possible']]);
    expect(found('Merci de régler dès que possible, et au plus tard le 12 mars.')).toEqual([]);
    expect(found('Bitte zahlen Sie baldmöglichst, spätestens bis zum 1. Mai 2025.')).toEqual([]);
    expect(found('Gelieve zo snel mogelijk te betalen, uiterlijk binnen 8 dagen.')).toEqual([]);
    expect(found('Please pay as soon as possible and no later than {{ pay_by | long_date }}.')).toEqual([]);
  });

  it('flags "quickly" only in a sentence that asks for something without a date', () => {
    expect(found('Merci de régler rapidement.')).toEqual([['vague', 'rapidement']]);
    expect(found('Pour que nous puissions traiter rapidement votre demande, précisez le numéro de facture.')).toEqual([]);
    expect(found('Vous pouvez payer rapidement en ligne sur votre espace client.')).toEqual([]);
    expect(found('Merci de régler rapidement, au plus tard le 30 avril.')).toEqual([]);
    expect(found('Die Rechnung wird in Kürze fällig.')).toEqual([]);
  });

  it('follows French elision, inflection and the typographic apostrophe', () => {
    expect(found('Il semblerait qu’une facture soit restée en attente.')).toEqual([['vague', 'Il semblerait qu’']]);
    expect(found('Navrée d’insister.')).toEqual([['apologetic', 'Navrée d’insister']]);
    expect(found('Ce sont de mauvais payeurs.')).toEqual([['accusatory', 'mauvais payeurs']]);
    expect(found('Vous êtes négligents.')).toEqual([['accusatory', 'négligents']]);
  });

  it('reads capitals and repeated exclamation marks as shouting, not names, addresses or acronyms', () => {
    expect(found('PAYEZ VOTRE FACTURE IMMÉDIATEMENT.')).toEqual([['accusatory', 'PAYEZ VOTRE FACTURE IMMÉDIATEMENT']]);
    expect(found('The amount is due NOW.')).toEqual([['accusatory', 'NOW']]);
    expect(found('Nous attendons toujours !!')).toEqual([['accusatory', '!!']]);
    expect(found('Wirklich ?!')).toEqual([['accusatory', '?!']]);
    expect(found('Bénéficiaire : ATELIER DURAND SARL\nIBAN FR76 3000 6000 0112 3456 7890 189, BIC AGRIFRPP')).toEqual([]);
    expect(found('SARL DUPONT ET FILS\n12 RUE DE LA PAIX\n75002 PARIS')).toEqual([]);
    expect(found('Merci !')).toEqual([]);
  });

  it('gives shouting the suggestion of the language the text reads as, or of the language asked for', () => {
    const suggestionOf = (text: string, language?: 'fr' | 'en' | 'nl' | 'de') => checkTone(text, { language })[0]!.suggestion;
    expect(suggestionOf('Wij wachten nog steeds op uw betaling !!')).toMatch(/^Volgens onze gegevens/);
    expect(suggestionOf('Wir warten immer noch auf die Zahlung !!')).toMatch(/^Laut unseren Unterlagen/);
    expect(suggestionOf('!!', 'fr')).toMatch(/^Sauf erreur/);
    expect(checkTone('SHOUT NOW !!')[0]!.why.fr).toMatch(/majuscules/);
  });

  it('keeps flagging intimidation in a formal notice, where legal consequences are expected', () => {
    expect(found('À défaut, nous engagerons une procédure judiciaire.', true)).toEqual([]);
    expect(found('Faute de paiement, nous informerons tous vos clients.', true)).toEqual([['threatening', 'informerons tous vos clients']]);
    expect(found('Otherwise we will ruin your reputation.', true)).toEqual([['threatening', 'we will ruin your reputation']]);
    expect(found('Sonst erstatten wir Strafanzeige.', true)).toEqual([['threatening', 'Strafanzeige']]);
  });

  it('explains guilt trips with their own reason, in French and English', () => {
    const [hint] = checkTone('À cause de vous, nous ne pouvons pas payer nos salariés.');
    expect(hint!.category).toBe('accusatory');
    expect(hint!.why.en).toMatch(/guilty/);
    expect(hint!.why.fr).toMatch(/Culpabiliser/);
  });

  it('applies only the rules of the language asked for', () => {
    expect(checkTone('Sorry to bother you.', { language: 'fr' })).toEqual([]);
    expect(checkTone('Sorry to bother you.', { language: 'en' })).toHaveLength(1);
  });

  const problems = LABELLED_SENTENCES.filter((sentence) => sentence.label !== 'neutral');
  const neutrals = LABELLED_SENTENCES.filter((sentence) => sentence.label === 'neutral');

  it(`keeps a labelled set of ${LABELLED_SENTENCES.length} sentences: ${problems.length} to flag and ${neutrals.length} neutral, every category in every language`, () => {
    expect(LABELLED_SENTENCES.length).toBeGreaterThanOrEqual(200);
    expect(neutrals.length).toBeGreaterThanOrEqual(100);
    for (const language of MESSAGE_LANGUAGES) {
      for (const label of ['vague', 'apologetic', 'accusatory', 'threatening', 'neutral'] as const) {
        expect(LABELLED_SENTENCES.filter((sentence) => sentence.language === language && sentence.label === label).length, `${language} ${label}`).toBeGreaterThanOrEqual(5);
      }
    }
    expect(new Set(LABELLED_SENTENCES.map((sentence) => sentence.text)).size).toBe(LABELLED_SENTENCES.length);
  });

  it(`catches at least 90% of the ${problems.length} problem sentences with at most 1 false alarm per 20 of the ${neutrals.length} neutral ones`, () => {
    const flagged = (sentence: (typeof LABELLED_SENTENCES)[number]) => checkTone(sentence.text, { formal: sentence.formal ?? false }).length > 0;
    const missed = problems.filter((sentence) => !flagged(sentence));
    const falseAlarms = neutrals.filter(flagged);
    const caught = problems.length - missed.length;
    const recall = caught / problems.length;
    const precision = caught / (caught + falseAlarms.length);
    // The figures docs/templates.md reports.
    console.info(`tone check: recall ${(recall * 100).toFixed(1)}% (${caught}/${problems.length}), precision ${(precision * 100).toFixed(1)}%, false alarms ${falseAlarms.length}/${neutrals.length}`);
    expect(recall, `missed: ${missed.map((sentence) => sentence.text).join(' | ')}`).toBeGreaterThanOrEqual(0.9);
    expect(falseAlarms.length * 20, `false alarms: ${falseAlarms.map((sentence) => sentence.text).join(' | ')}`).toBeLessThanOrEqual(neutrals.length);
  });

  it('files most caught sentences under their labelled category', () => {
    const agreeing = problems.filter((sentence) => checkTone(sentence.text).some((hint) => hint.category === sentence.label));
    expect(agreeing.length / problems.length).toBeGreaterThanOrEqual(0.9);
  });

  it('still flags each problem sentence once the hints are narrowed to its language, as the template routes do', () => {
    const suggestions = (language: string) => new Set(TONE_RULES.filter((rule) => rule.language === language).map((rule) => rule.suggestion));
    const lost = problems.filter((sentence) => {
      const hints = checkTone(sentence.text);
      return hints.length > 0 && !hints.some((hint) => suggestions(sentence.language).has(hint.suggestion));
    });
    expect(lost.map((sentence) => sentence.text)).toEqual([]);
  });
});
