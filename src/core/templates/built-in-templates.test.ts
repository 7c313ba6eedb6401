import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTemplateRenderer } from '../../adapters/templates/liquid-renderer.js';
import { readTemplateDirectory } from '../../adapters/templates/read-template-directory.js';
import { AppError } from '../app-error.js';
import { INSTALMENT_REMINDER_STEP } from '../collection/plan-step.js';
import { BUILT_IN_SCENARIOS } from '../scenarios/built-in.js';
import { MESSAGE_LANGUAGES, type Channel, type MessageLanguage } from '../scenarios/scenario.js';
import { sampleTemplateContext, type TemplateContext } from './template-context.js';
import { checkTone } from './tone-check.js';

const dir = join(import.meta.dirname, '../../../templates');
const files = readTemplateDirectory(dir);
const renderer = createTemplateRenderer(files);

// The sample's amounts as each language writes them: French groups thousands with a narrow
// no-break space and puts the euro after; British English puts it first with a comma group;
// Belgian Dutch puts it first with a no-break space and dot groups; German after, dot groups.
const AMOUNTS: Record<MessageLanguage, { first: string; second: string; balance: string; amountDue: string }> = {
  fr: { first: '1\u202f234,56\u00a0€', second: '480,00\u00a0€', balance: '1\u202f714,56\u00a0€', amountDue: '1\u202f802,68\u00a0€' },
  en: { first: '€1,234.56', second: '€480.00', balance: '€1,714.56', amountDue: '€1,802.68' },
  nl: { first: '€\u00a01.234,56', second: '€\u00a0480,00', balance: '€\u00a01.714,56', amountDue: '€\u00a01.802,68' },
  de: { first: '1.234,56\u00a0€', second: '480,00\u00a0€', balance: '1.714,56\u00a0€', amountDue: '1.802,68\u00a0€' },
};
const DUE_DATES: Record<MessageLanguage, string> = { fr: '1er mai 2025', en: '1 May 2025', nl: '1 mei 2025', de: '1. Mai 2025' };

/** Every (template, channel, late fees) a built-in step uses. */
const uses = new Map<string, { templateId: string; channel: Channel; statesLateFees: boolean }>();
// The reminder of a payment plan's instalment is a step of its own, outside the scenarios.
for (const step of [...BUILT_IN_SCENARIOS.flatMap((scenario) => scenario.steps), INSTALMENT_REMINDER_STEP]) {
  for (const language of MESSAGE_LANGUAGES) {
    const key = `${step.templates[language]} ${step.channel} ${step.statesLateFees}`;
    uses.set(key, { templateId: step.templates[language], channel: step.channel, statesLateFees: step.statesLateFees });
  }
}
const cases = [...uses.values()].flatMap((use) => MESSAGE_LANGUAGES.map((language) => ({ ...use, language })));

describe('built-in message templates', () => {
  it('has a file in every language for every template a built-in step names, and no unused file', () => {
    // The thank-you message closes a case rather than escalating it, so no step names it.
    const templateIds = [...[...uses.values()].map((use) => use.templateId), 'thank-you'];
    const expected = new Set(templateIds.flatMap((id) => MESSAGE_LANGUAGES.map((language) => `${id}.${language}.liquid`)));
    const stepFiles = readdirSync(dir).filter((name) => name.endsWith('.liquid') && !name.startsWith('_'));
    expect(new Set(stepFiles)).toEqual(expected);
  });

  it.each(cases)('renders $templateId for $channel in $language with every invoice, amount and the payment details', ({ templateId, channel, statesLateFees, language }) => {
    const message = renderer.render(templateId, language, sampleTemplateContext(language, { withLateFees: statesLateFees }), channel);
    const amounts = AMOUNTS[language];
    const bodies = [message.text, message.html].filter((body): body is string => body !== null);
    expect(bodies.length).toBeGreaterThan(0);
    for (const body of bodies) {
      expect(body).toContain('F-2025-0456');
      expect(body).toContain('F-2025-0471');
      expect(body).toContain(amounts.first);
      expect(body).toContain(amounts.second);
      expect(body).toContain(amounts.balance);
      expect(body).toContain(DUE_DATES[language]);
      expect(body).toContain('https://pay.atelier-durand.example/c/8f3a2b');
      if (channel !== 'sms' && channel !== 'call_task') {
        expect(body).toContain('FR76 3000 6000 0112 3456 7890 189');
        expect(body).toContain('AGRIFRPP');
        expect(body).toContain('RF18 5390 0754 7034');
      }
      if (statesLateFees) expect(body).toContain(amounts.amountDue);
      expect(body).not.toContain('[object Object]');
    }
    if (channel !== 'sms') expect(message.subject).toMatch(/^\S.*\S$/);
  });

  it.each(cases)('writes $templateId for $channel in $language without a dangling separator or an empty line when no phone, email or customer page is set', ({ templateId, channel, statesLateFees, language }) => {
    const sample = sampleTemplateContext(language, { withLateFees: statesLateFees });
    const bare: TemplateContext = { ...sample, sender: { ...sample.sender, email: '', phone: '', contact: '' }, portal_url: '' };
    const message = renderer.render(templateId, language, bare, channel);
    for (const body of [message.text, message.html].filter((text): text is string => text !== null)) {
      expect(body).not.toMatch(/ ·\s*$| · <|^\s*·|<br>\s*<\/p>|\(\s*\)|href=""/m);
      // Nor a sentence announcing a link that is not there.
      expect(body).not.toMatch(/espace client|customer page|klantenpagina|Kundenseite|Détails et paiement|Details and payment|Details en betaling|Details und Zahlung/);
    }
    const full = renderer.render(templateId, language, sample, channel);
    if (channel === 'email') expect(full.text).toContain('claire.dubois@atelier-durand.example · +33 4 72 00 00 01');
  });

  it('leaves the late fees out of a step that does not state them', () => {
    const message = renderer.render('firm-reminder', 'en', sampleTemplateContext('en', { withLateFees: false }), 'email');
    expect(message.text).not.toContain('Late payment interest');
    expect(message.text).not.toContain(AMOUNTS.en.amountDue);
  });

  it('escapes what the data holds in HTML, and only there', () => {
    const sample = sampleTemplateContext('fr');
    const context: TemplateContext = { ...sample, customer: { ...sample.customer, name: 'Dupont <b>&</b> Cie' } };
    const message = renderer.render('formal-notice', 'fr', context, 'registered_letter');
    expect(message.html).toContain('Dupont &lt;b&gt;&amp;&lt;/b&gt; Cie');
    expect(message.html).not.toContain('<b>&</b>');
    expect(message.text).toContain('Dupont <b>&</b> Cie');
  });

  it.each(cases.filter((entry, index, all) => all.findIndex((other) => other.templateId === entry.templateId && other.language === entry.language) === index))(
    'writes $templateId in $language without vague, apologetic, accusatory or out-of-place threatening wording',
    ({ templateId, channel, language }) => {
      const formal = channel === 'registered_letter' || channel === 'handoff';
      expect(checkTone(files[`${templateId}.${language}`]!, { formal })).toEqual([]);
    },
  );

  it('keeps the partials free of wording the tone check flags', () => {
    for (const name of Object.keys(files).filter((file) => file.startsWith('_'))) expect(checkTone(files[name]!)).toEqual([]);
  });

  it('fits the pre-due text message into three SMS segments for two invoices', () => {
    for (const language of MESSAGE_LANGUAGES) {
      const { text } = renderer.render('pre-due-sms', language, sampleTemplateContext(language), 'sms');
      expect(text!.length).toBeLessThanOrEqual(3 * 153);
    }
  });
});

describe('strict template rendering', () => {
  const sample = sampleTemplateContext('en');

  function failure(run: () => unknown): AppError {
    try {
      run();
    } catch (error) {
      if (error instanceof AppError) return error;
      throw error;
    }
    throw new Error('expected the template to be rejected');
  }

  it('names a missing variable and its line and column in the template file', () => {
    const source = '--- subject\nHello\n--- text\nDear customer,\nsee {{ portal_link }}\n';
    const error = failure(() => renderer.renderSource(source, 'my-reminder.en.liquid', 'en', sample));
    expect(error.code).toBe('validation_failed');
    // Line 5 of the file is "see {{ portal_link }}"; the name starts at column 8.
    expect(error.message).toBe('my-reminder.en.liquid:5:8: variable "portal_link" is not defined');
    expect(error.place).toEqual({ file: 'my-reminder.en.liquid', line: 5, column: 8 });
  });

  it('names the context variable a caller forgot to give', () => {
    const { portal_url: _left_out, ...rest } = sample;
    const error = failure(() => renderer.render('courteous-reminder', 'en', rest as unknown as TemplateContext, 'email'));
    expect(error.message).toContain('variable "portal_url" is not defined');
  });

  it('refuses an unknown filter', () => {
    const error = failure(() => renderer.renderSource('--- text\n{{ balance | currency }}', 't.en.liquid', 'en', sample));
    expect(error.message).toContain('undefined filter: currency');
  });

  it('cannot read a file from disk through include', () => {
    const error = failure(() => renderer.renderSource("--- text\n{% include '/etc/hostname' %}", 't.en.liquid', 'en', sample));
    expect(error.message).toContain('no template named "/etc/hostname"');
  });

  it('formats money only from an amount, not from a bare number', () => {
    const error = failure(() => renderer.renderSource('--- text\n{{ invoices.size | money }}', 't.en.liquid', 'en', sample));
    expect(error.message).toContain('the money filter takes an amount');
  });

  it('checks that a template has the sections its channel needs', () => {
    const error = failure(() => renderer.renderSource('--- text\nHello', 't.en.liquid', 'en', sample, 'email'));
    expect(error.message).toBe('t.en.liquid: a email template needs the section(s) subject, html');
  });

  it('reads the templates from the folder as they are stored', () => {
    expect(files['firm-reminder.fr']).toBe(readFileSync(join(dir, 'firm-reminder.fr.liquid'), 'utf8'));
  });
});
