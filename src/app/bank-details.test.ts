import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTemplateRenderer } from '../adapters/templates/liquid-renderer.js';
import { readTemplateDirectory } from '../adapters/templates/read-template-directory.js';
import type { OrganizationRow } from '../adapters/db/schema.js';
import { BUILT_IN_SCENARIOS } from '../core/scenarios/built-in.js';
import { MESSAGE_LANGUAGES } from '../core/scenarios/scenario.js';
import { sampleTemplateContext } from '../core/templates/template-context.js';
import { bankDetailsOf, printedBankDetails } from './bank-details.js';
import { DEMO_ORGANIZATION } from './demo/demo-organization.js';

const renderer = createTemplateRenderer(readTemplateDirectory(join(import.meta.dirname, '../../templates')));

function organizationWith(bankAccounts: unknown[]): OrganizationRow {
  return { legal_name: 'Atelier Durand SAS', bank_accounts: JSON.stringify(bankAccounts) } as OrganizationRow;
}

describe('bank details as messages print them', () => {
  it('groups the IBAN by four and names the account holder as beneficiary, else the legal name', () => {
    expect(printedBankDetails(organizationWith([{ label: 'main', iban: 'fr7630006000011234567890189', bic: 'AGRIFRPP', accountHolder: 'Durand Trésorerie' }]))).toEqual({
      beneficiary: 'Durand Trésorerie',
      iban: 'FR76 3000 6000 0112 3456 7890 189',
      bic: 'AGRIFRPP',
    });
    expect(printedBankDetails(organizationWith([{ label: 'main', iban: 'BE68 5390 0754 7034' }]))).toEqual({ beneficiary: 'Atelier Durand SAS', iban: 'BE68 5390 0754 7034', bic: '' });
  });

  it('has none without a bank account', () => {
    expect(printedBankDetails(organizationWith([]))).toBeNull();
    expect(bankDetailsOf(organizationWith([{ label: 'main', iban: '  ' }]))).toBeNull();
  });

  it('keeps the demo organization sending with bank details', () => {
    expect(printedBankDetails(organizationWith(DEMO_ORGANIZATION.bankAccounts))?.iban).toMatch(/^FR\d\d( [0-9A-Z]{4}){5} [0-9A-Z]{3}$/);
  });
});

const steps = BUILT_IN_SCENARIOS.flatMap((scenario) => scenario.steps).filter((step) => step.channel !== 'sms' && step.channel !== 'call_task');
const cases = [...new Map(steps.flatMap((step) => MESSAGE_LANGUAGES.map((language) => [`${step.templates[language]} ${step.channel}`, { templateId: step.templates[language], channel: step.channel, language }] as const))).values()];

describe('the payment block of the built-in templates', () => {
  it.each(cases)('leaves the bank block out of $templateId ($channel, $language) without bank details, and keeps the customer page', ({ templateId, channel, language }) => {
    const message = renderer.render(templateId, language, sampleTemplateContext(language, { withoutBankDetails: true }), channel);
    for (const body of [message.text, message.html].filter((text): text is string => text !== null)) {
      expect(body).not.toMatch(/IBAN|BIC/);
      expect(body).toContain('https://pay.atelier-durand.example/c/8f3a2b');
    }
  });

  it('prints no "BIC" line when the account has none', () => {
    const sample = sampleTemplateContext('fr');
    const message = renderer.render('firm-reminder', 'fr', { ...sample, payment: { ...sample.payment!, bic: '' } }, 'email');
    expect(message.text).toContain('IBAN : FR76 3000 6000 0112 3456 7890 189');
    expect(message.text).not.toContain('BIC');
    expect(message.html).not.toContain('BIC');
  });
});
