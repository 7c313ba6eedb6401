import { describe, expect, it } from 'vitest';
import type { Buyer } from './einvoice.js';
import { findBuyer, languageForBuyer, newCustomerRef, type KnownCustomer } from './find-buyer.js';

const customer = (id: string, fields: Partial<KnownCustomer> = {}): KnownCustomer => ({ id, externalRef: id, name: `Customer ${id}`, registrationId: null, vatId: null, ...fields });
const buyer = (name: string, ids: Buyer['ids'] = []): Buyer => ({ name, ids, contact: null, country: null });

describe('finding the customer an e-invoice is addressed to', () => {
  it('finds a customer recorded with its SIREN from the SIRET the invoice gives, and the reverse', () => {
    const bySiren = customer('A', { registrationId: '787 878 784' });
    expect(findBuyer(buyer('Ma jolie boutique', [{ scheme: 'siret', value: '78787878400018' }]), [bySiren, customer('B')])).toEqual({ found: bySiren, by: 'registration' });
    const bySiret = customer('C', { registrationId: '787 878 784 00018' });
    expect(findBuyer(buyer('Ma jolie boutique', [{ scheme: 'siren', value: '787878784' }]), [bySiret])).toEqual({ found: bySiret, by: 'registration' });
  });

  it('trusts the registration number before the VAT number, and the VAT number before the name', () => {
    const named = customer('NAME', { name: 'Le Client' });
    const vat = customer('VAT', { vatId: 'fr05 987.654.321' });
    const registered = customer('REG', { registrationId: '987654321' });
    const ids = [{ scheme: 'siren', value: '987654321' }, { scheme: 'vat', value: 'FR05987654321' }];
    expect(findBuyer(buyer('LE CLIENT', ids), [named, vat, registered])).toMatchObject({ found: registered });
    expect(findBuyer(buyer('LE CLIENT', ids.slice(1)), [named, vat])).toMatchObject({ found: vat, by: 'vat' });
    expect(findBuyer(buyer('le client', []), [named, vat])).toMatchObject({ found: named, by: 'name' });
  });

  it('finds a customer whose reference is the buyer’s GLN, and compares names without case, accents or punctuation', () => {
    const gln = customer('4000001987658');
    expect(findBuyer(buyer('Kunden AG', [{ scheme: 'gln', value: '4000001987658' }]), [gln])).toEqual({ found: gln, by: 'reference' });
    const accented = customer('X', { name: 'Société Générale d’Électricité' });
    expect(findBuyer(buyer('SOCIETE GENERALE D ELECTRICITE', []), [accented])).toEqual({ found: accented, by: 'name' });
  });

  it('calls two customers with the same VAT number ambiguous rather than picking one', () => {
    const one = customer('ONE', { vatId: 'FR19787878784' });
    const two = customer('TWO', { vatId: 'FR 19 787 878 784' });
    expect(findBuyer(buyer('X', [{ scheme: 'vat', value: 'FR19787878784' }]), [one, two])).toEqual({ ambiguous: [one, two], by: 'vat' });
  });

  it('finds nobody when nothing matches, and names the new customer by its strongest identifier, else its name', () => {
    expect(findBuyer(buyer('Nouveau', [{ scheme: 'siren', value: '123456789' }]), [customer('A', { name: 'Ancien' })])).toEqual({ none: true });
    expect(newCustomerRef(buyer('Nouveau', [{ scheme: 'siret', value: '12345678900011' }, { scheme: 'vat', value: 'FR00123456789' }]), 100)).toBe('12345678900011');
    expect(newCustomerRef(buyer('Nouveau client', []), 5)).toBe('Nouve');
  });

  it('writes to a new customer in its country’s language when Relance has it, else in English, and in the organization’s at home', () => {
    expect(languageForBuyer('DE', 'FR', 'fr')).toBe('de');
    expect(languageForBuyer('NL', 'FR', 'fr')).toBe('nl');
    expect(languageForBuyer('ES', 'FR', 'fr')).toBe('en');
    expect(languageForBuyer('FR', 'FR', 'fr')).toBe('fr');
    expect(languageForBuyer(null, 'BE', 'nl')).toBe('nl');
    expect(languageForBuyer('BE', 'FR', 'fr')).toBe('fr');
    expect(languageForBuyer('BE', 'DE', 'en')).toBe('fr');
  });
});
