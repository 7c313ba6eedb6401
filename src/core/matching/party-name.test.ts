import { describe, expect, it } from 'vitest';
import { nameSimilarity, normalisePartyName, PartyNameIndex } from './party-name.js';

describe('payer names', () => {
  it('reads a bank\'s way of writing a name as the customer\'s: accents, legal forms, order, punctuation', () => {
    expect(normalisePartyName('SARL DUPONT ET FILS')).toBe(normalisePartyName('Dupont & Fils SARL'));
    expect(normalisePartyName('Boulangerie Lefèvre S.A.R.L.')).toBe(normalisePartyName('BOULANGERIE LEFEVRE'));
    expect(normalisePartyName('Van den Berg Logistiek B.V.')).toBe(normalisePartyName('VAN DEN BERG LOGISTIEK BV'));
    expect(normalisePartyName('Müller GmbH')).toBe(normalisePartyName('MULLER'));
  });

  it('finds a customer from a name cut short or mistyped, and not from a different name', () => {
    const index = new PartyNameIndex<string>();
    index.add('dupont', 'Dupont Et Fils Menuiserie SAS');
    index.add('durand', 'Durand Plomberie');
    expect(index.find('DUPONT ET FILS MENUISERI').map((found) => found.item)).toEqual(['dupont']);
    expect(index.find('Durant Plomberie').map((found) => found.item)).toEqual(['durand']);
    expect(index.find('Garage Martin')).toEqual([]);
    expect(index.find('SARL')).toEqual([]);
  });

  it('scores equal names 1 and different names low', () => {
    expect(nameSimilarity('dupont fils', 'dupont fils')).toBe(1);
    expect(nameSimilarity('dupont fils', 'martin garage')).toBeLessThan(0.3);
  });
});
