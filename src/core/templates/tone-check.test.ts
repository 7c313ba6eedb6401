import { describe, expect, it } from 'vitest';
import { checkTone } from './tone-check.js';

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
});
