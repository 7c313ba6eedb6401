import { describe, expect, it } from 'vitest';
import { DEFAULT_COLLECTION_SETTINGS, type CollectionSettings } from '../../adapters/db/stores/collection-settings.js';
import type { OrganizationRow } from '../../adapters/db/schema.js';
import { outboxSenderOf, senderOf } from './build-template-context.js';

const settings = (changes: Partial<CollectionSettings>): CollectionSettings => ({ ...DEFAULT_COLLECTION_SETTINGS, ...changes });
const named = settings({ senderName: 'Claire Dubois', senderEmail: 'claire@atelier.test', senderPhone: '+33 4 72 00 00 01', agencyName: 'Cabinet Recouvre', agencyEmail: 'dossiers@recouvre.test' });

describe("a step's sender identity", () => {
  it('signs as the accounts team, a department with no title of its own', () => {
    expect(senderOf('accounts_team', named, 'fr')).toEqual({ name: 'Service comptabilité clients', title: '', email: 'claire@atelier.test', phone: '+33 4 72 00 00 01', contact: 'claire@atelier.test · +33 4 72 00 00 01' });
    expect(senderOf('accounts_team', named, 'de').name).toBe('Debitorenbuchhaltung');
  });

  it('signs as the named collector, of the accounts team, and as the team while no one is named', () => {
    expect(senderOf('named_collector', named, 'en')).toMatchObject({ name: 'Claire Dubois', title: 'Accounts receivable', contact: 'claire@atelier.test · +33 4 72 00 00 01' });
    expect(senderOf('named_collector', settings({ senderPhone: '+32 2 000 00 00' }), 'nl')).toEqual({ name: 'Debiteurenbeheer', title: '', email: '', phone: '+32 2 000 00 00', contact: '+32 2 000 00 00' });
  });

  it("signs as the agency with the agency's own contact, and as the team while no agency is set", () => {
    expect(senderOf('agency', named, 'fr')).toEqual({ name: 'Cabinet Recouvre', title: '', email: 'dossiers@recouvre.test', phone: '', contact: 'dossiers@recouvre.test' });
    expect(senderOf('agency', settings({ senderEmail: 'compta@atelier.test' }), 'fr')).toMatchObject({ name: 'Service comptabilité clients', contact: 'compta@atelier.test' });
  });
});

describe("a step's From", () => {
  const organization = { name: 'Atelier Durand' } as OrganizationRow;

  it('names the collector on the steps they sign, the organization on the others, with the same address', () => {
    expect(outboxSenderOf('named_collector', named, organization)).toEqual({ name: 'Claire Dubois', email: 'claire@atelier.test' });
    expect(outboxSenderOf('accounts_team', named, organization)).toEqual({ name: 'Atelier Durand', email: 'claire@atelier.test' });
    // An agency acts for the creditor; the mail still leaves from the creditor.
    expect(outboxSenderOf('agency', { ...named, replyTo: 'compta@atelier.test' }, organization)).toEqual({ name: 'Atelier Durand', email: 'claire@atelier.test', replyTo: 'compta@atelier.test' });
  });
});
