import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { createCustomer } from '../src/adapters/db/stores/customers.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { MESSAGE_LANGUAGES } from '../src/core/scenarios/scenario.js';
import { sampleTemplateContext } from '../src/core/templates/template-context.js';
import { templateVariables } from '../src/core/templates/template-variables.js';
import { buildApp } from '../src/http/build-app.js';
import { signIn, type ApiCaller } from './support/api-session.js';
import { collectionOrganization, customerWithInvoices } from './support/collection-ledger.js';
import { ENGINES, freshDatabase } from './support/engines.js';

const AS_OF = '2025-05-16';
const PASSWORD = 'correct horse battery';
const builtIn = (id: string) => readFileSync(join(import.meta.dirname, '..', 'templates', `${id}.liquid`), 'utf8');

describe('template variables', () => {
  it('never gives a negative number of days overdue: an invoice not due yet counts its days until due', () => {
    const context = sampleTemplateContext('fr');
    for (const invoice of [...context.invoices, ...context.coming_due]) {
      expect(invoice.days_overdue).toBeGreaterThanOrEqual(0);
      expect(invoice.days_until_due).toBeGreaterThanOrEqual(0);
    }
    expect(context.coming_due[0]!.days_until_due).toBe(4);
  });

  it('offers each variable with what to insert and its value as the message prints it', () => {
    const variables = templateVariables(sampleTemplateContext('fr'));
    const byName = new Map(variables.map((variable) => [variable.name, variable]));
    expect(byName.get('customer.name')).toMatchObject({ insert: '{{ customer.name }}', example: 'Boulangerie Martin & Fils SARL' });
    expect(byName.get('balance')!.insert).toBe('{{ balance | money }}');
    expect(byName.get('balance')!.example).toMatch(/^1\s?714,56\s€$/u);
    expect(byName.get('invoices.first.due_date')!.insert).toBe('{{ invoices.first.due_date | long_date }}');
    expect(byName.get('invoices.first.due_date')!.example).toMatch(/^1(er)? mai 2025$/);
    expect(byName.get('invoices')).toMatchObject({ insert: '{{ invoices.size }}', example: '2' });
  });
});

describe.each(ENGINES)('template preview in words on %s', (engine) => {
  let db: Db;
  let app: FastifyInstance;
  let admin: ApiCaller;
  let notDueId: string;
  let nothingOpenId: string;

  beforeAll(async () => {
    db = await freshDatabase(engine);
    const organization = await collectionOrganization(db, 'Atelier Durand');
    // Due in 4 days: nothing is overdue yet.
    notDueId = (await customerWithInvoices(db, organization.id, 'C-NOTDUE', [['F-2025-0600', '2025-05-20', 360_00]], { language: 'fr' })).customer.id;
    nothingOpenId = (await createCustomer(db, organization.id, { externalRef: 'C-PAID', name: 'Client à jour', language: 'fr' })).id;
    await createUser(db, organization.id, { email: 'admin@atelier.test', name: 'Claire Admin', password: PASSWORD, role: 'admin' });
    app = await buildApp({ db });
    await app.ready();
    admin = await signIn(app, 'admin@atelier.test', PASSWORD);
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  const preview = (customerId: string, template: string, language: string, text = builtIn(`${template}.${language}`)) =>
    admin.post('/api/templates/preview', { text, language, template, customer_id: customerId, as_of: AS_OF });

  it('never tells a customer whose invoice is not due yet that it is overdue by a negative number of days, in any language', async () => {
    for (const template of ['courteous-reminder', 'firm-reminder']) {
      for (const language of MESSAGE_LANGUAGES) {
        const response = await preview(notDueId, template, language);
        expect(response.statusCode, response.body).toBe(200);
        const body = response.json();
        expect(body.nothing_to_remind).toBe(false);
        expect(body.text, `${template}.${language}`).not.toMatch(/-\d+\s+(jours?|days?|Tag(en)?|dag(en)?)/);
        expect(body.text, `${template}.${language}`).not.toMatch(/depuis 0 jour|0 days past|seit 0 Tag|al 0 dag/);
      }
    }
    const french = (await preview(notDueId, 'courteous-reminder', 'fr')).json();
    expect(french.text).toContain('la facture suivante reste à régler');
  });

  it('answers "nothing to remind" for a customer with nothing open, instead of a template error', async () => {
    const response = await preview(nothingOpenId, 'firm-reminder', 'fr');
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.nothing_to_remind).toBe(true);
    expect(body.invoices).toEqual([]);
    expect(body.subject).toBeNull();
    expect(body.text).toBeNull();
    expect(body.variables.find((variable: { name: string }) => variable.name === 'customer.name').example).toBe('Client à jour');
    expect(body.variables.find((variable: { name: string }) => variable.name === 'invoices.first.number').example).toBe('');
  });

  it('still points at a real mistake in the text of a customer with nothing open', async () => {
    const response = await preview(nothingOpenId, 'firm-reminder', 'fr', builtIn('firm-reminder.fr').replace('Bonjour,', '{{ customer.surnom }}'));
    expect(response.statusCode, response.body).toBe(422);
    expect(response.json().detail).toContain('customer.surnom');
  });
});
