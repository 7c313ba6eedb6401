import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { createCustomer } from '../src/adapters/db/stores/customers.js';
import { createInvoice } from '../src/adapters/db/stores/documents.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { buildApp } from '../src/http/build-app.js';
import { signIn, type ApiCaller } from './support/api-session.js';
import { ENGINES, freshDatabase } from './support/engines.js';

type Schema = Record<string, any>;

/** A value a field can take, or must refuse; `raw` is written into a JSON body as is (1e400 has no JSON.stringify form). */
interface Probe {
  raw: string;
  mustRefuse: boolean;
}

const NUMBER_PROBES: Probe[] = [
  { raw: '1e400', mustRefuse: true },
  { raw: '1e12', mustRefuse: true },
  { raw: '1000000000', mustRefuse: true },
  { raw: '-1', mustRefuse: false },
  { raw: '1.5', mustRefuse: true },
];
const DATE_PROBES: Probe[] = [
  { raw: '9999-99-99', mustRefuse: true },
  { raw: '10000-01-01', mustRefuse: true },
  { raw: '2025-02-30', mustRefuse: true },
  { raw: '1e400', mustRefuse: true },
  { raw: '9999-12-31', mustRefuse: true },
  { raw: '0001-01-01', mustRefuse: true },
  { raw: '1900-01-01', mustRefuse: false },
  { raw: '2199-12-31', mustRefuse: false },
];
const AMOUNT_PROBES: Probe[] = [
  { raw: '1e400', mustRefuse: true },
  { raw: '99999999999999999999999999.99', mustRefuse: false },
  { raw: '-99999999999999999999999999', mustRefuse: false },
];

interface Field {
  /** "limit", "amount.amount", "instalments[].due_date" */
  path: string;
  probes: Probe[];
}

const isAmount = (schema: Schema) => schema.type === 'string' && typeof schema.pattern === 'string' && schema.pattern.includes('[0-9]+(\\.[0-9]+)?');

/** Every numeric, date or amount field a schema holds, nested objects and array items included. */
function fieldsOf(schema: Schema | undefined, path = ''): Field[] {
  if (!schema) return [];
  const found: Field[] = [];
  for (const branch of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])]) found.push(...fieldsOf(branch, path));
  const types = [schema.type].flat();
  if (types.includes('integer') || types.includes('number')) found.push({ path, probes: NUMBER_PROBES });
  else if (schema.format === 'date') found.push({ path, probes: DATE_PROBES });
  else if (isAmount(schema)) found.push({ path, probes: AMOUNT_PROBES });
  for (const [name, property] of Object.entries<Schema>(schema.properties ?? {})) found.push(...fieldsOf(property, path ? `${path}.${name}` : name));
  if (schema.items) found.push(...fieldsOf(schema.items, `${path}[]`));
  // The branches of a oneOf often repeat a field: one walk each is enough.
  return found.filter((field, index) => found.findIndex((other) => other.path === field.path) === index);
}

/** The smallest valid-looking value of a schema: what the other fields of a body hold while one is probed. */
function sample(schema: Schema): unknown {
  const branch = (schema.oneOf ?? schema.anyOf)?.find((s: Schema) => s.type !== 'null');
  if (branch) return sample(branch);
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  const type = [schema.type].flat().find((t) => t !== 'null');
  switch (type) {
    case 'object':
      return Object.fromEntries((schema.required ?? []).map((name: string) => [name, sample(schema.properties?.[name] ?? {})]));
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => sample(schema.items ?? {}));
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return false;
    case 'string':
      if (schema.format === 'date') return '2025-03-01';
      if (schema.format === 'date-time') return '2025-03-01T08:00:00Z';
      if (schema.format === 'email') return 'walk@example.test';
      if (schema.format === 'uri') return 'https://example.test/';
      if (isAmount(schema)) return '1.00';
      if (schema.pattern === '^[A-Z]{3}$') return 'EUR';
      return 'x'.repeat(schema.minLength ?? 1);
    default:
      return null;
  }
}

const PLACEHOLDER = '"\u0000probe\u0000"';

/** The body with the probed field replaced by the placeholder, the arrays on its way holding one item. */
function bodyWith(schema: Schema, path: string): string {
  const body = (sample(schema) ?? {}) as Record<string, any>;
  const steps = path.split('.');
  let node: any = body;
  let nodeSchema: Schema = schema;
  steps.forEach((step, index) => {
    const isArray = step.endsWith('[]');
    const name = isArray ? step.slice(0, -2) : step;
    const propertySchema = ((nodeSchema.oneOf ?? nodeSchema.anyOf)?.find((s: Schema) => s.properties?.[name]) ?? nodeSchema).properties?.[name] ?? {};
    const last = index === steps.length - 1;
    if (isArray) {
      const itemSchema = propertySchema.items ?? {};
      node[name] = [last ? '\u0000probe\u0000' : (sample(itemSchema) ?? {})];
      node = node[name][0];
      nodeSchema = itemSchema;
    } else if (last) {
      node[name] = '\u0000probe\u0000';
    } else {
      const inner = (propertySchema.anyOf ?? propertySchema.oneOf)?.find((s: Schema) => s.type === 'object') ?? propertySchema;
      node[name] = node[name] && typeof node[name] === 'object' ? node[name] : (sample(inner) ?? {});
      node = node[name];
      nodeSchema = inner;
    }
  });
  return JSON.stringify(body);
}

/** How the problem body names a field: "instalments[].due_date" is reported as "instalments[0].due_date". */
const reportedName = (path: string) => path.replace(/\[\]/g, '[0]');

interface Ids {
  customer: string;
  invoice: string;
}

function fillPath(url: string, ids: Ids): string {
  return url.replace(/\{(\w+)\}/g, (_, param: string) => {
    if (param === 'kind') return 'customers';
    if (param === 'language') return 'fr';
    if (url.startsWith('/api/customers/')) return ids.customer;
    if (url.startsWith('/api/invoices/')) return ids.invoice;
    if (url.startsWith('/api/scenarios/')) return 'standard';
    if (url.startsWith('/api/templates/')) return 'firm-reminder';
    return randomUUID();
  });
}

describe.each(ENGINES)('every route given huge numbers and impossible dates on %s', (engine) => {
  let db: Db;
  let app: FastifyInstance;
  let admin: ApiCaller;
  let ids: Ids;

  beforeAll(async () => {
    db = await freshDatabase(engine);
    const organization = await createOrganization(db, { name: 'Walk', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr' });
    await createUser(db, organization.id, { email: 'admin@walk.test', name: 'Admin', password: 'correct horse battery', role: 'admin' });
    const customer = await createCustomer(db, organization.id, { externalRef: 'C1', name: 'Dupont SARL' });
    const invoice = await createInvoice(db, organization.id, {
      customerId: customer.id, number: 'F1', issueDate: '2025-01-01', dueDate: '2025-01-31', currency: 'EUR', amountMinor: 1000_00,
    });
    ids = { customer: customer.id, invoice: invoice.id };
    app = await buildApp({ db, now: () => new Date('2025-06-02T10:00:00Z') });
    await app.ready();
    admin = await signIn(app, 'admin@walk.test', 'correct horse battery');
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('answers no 5xx, and refuses out-of-range values with a 422 naming the field', async () => {
    const document = (await admin.get('/api/openapi.json')).json<{ paths: Record<string, Record<string, Schema>> }>();
    const failures: string[] = [];
    let probed = 0;
    const judge = async (what: string, probe: Probe, field: string, send: () => Promise<{ statusCode: number; body: string }>) => {
      probed += 1;
      const response = await send();
      const where = `${what} ${field}=${probe.raw} → ${response.statusCode}`;
      if (response.statusCode >= 500) return failures.push(`${where} ${response.body.slice(0, 200)}`);
      if (response.statusCode === 422 || probe.mustRefuse) {
        const problem = JSON.parse(response.body) as { errors?: Array<{ field: string }> };
        // A value the schema takes may still break a business rule about another field (a due
        // date with no late-payment rate after it is reported on the payment date).
        const named = (problem.errors ?? []).some((e) => e.field === field || (!probe.mustRefuse && e.field));
        if (response.statusCode !== 422 && probe.mustRefuse) failures.push(`${where}, expected 422`);
        else if (!named && response.statusCode === 422) failures.push(`${where} without naming the field: ${response.body.slice(0, 200)}`);
      }
    };

    for (const [template, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const url = fillPath(template, ids);
        const what = `${method.toUpperCase()} ${template}`;
        const parameters = (operation.parameters ?? []) as Array<{ name: string; in: string; required?: boolean; schema: Schema }>;
        const requiredQuery = parameters.filter((p) => p.in === 'query' && p.required);
        const jsonBody = operation.requestBody?.content?.['application/json']?.schema as Schema | undefined;
        const baseBody = jsonBody ? JSON.stringify(sample(jsonBody) ?? {}) : undefined;

        for (const parameter of parameters.filter((p) => p.in === 'query')) {
          for (const { probes } of fieldsOf(parameter.schema)) {
            for (const probe of probes) {
              const query = new URLSearchParams(requiredQuery.filter((p) => p.name !== parameter.name).map((p) => [p.name, String(sample(p.schema))]));
              query.set(parameter.name, probe.raw);
              await judge(what, probe, parameter.name, () =>
                admin.request(method.toUpperCase(), `${url}?${query}`, baseBody, baseBody ? { 'content-type': 'application/json' } : {}),
              );
            }
          }
        }
        if (!jsonBody) continue;
        for (const field of fieldsOf(jsonBody)) {
          for (const probe of field.probes) {
            const isNumber = field.probes === NUMBER_PROBES;
            const body = bodyWith(jsonBody, field.path).replace(PLACEHOLDER, isNumber ? probe.raw : JSON.stringify(probe.raw));
            const query = new URLSearchParams(requiredQuery.map((p) => [p.name, String(sample(p.schema))]));
            await judge(what, probe, reportedName(field.path), () =>
              admin.request(method.toUpperCase(), query.size ? `${url}?${query}` : url, body, { 'content-type': 'application/json' }),
            );
          }
        }
      }
    }
    expect(probed).toBeGreaterThan(300);
    expect(failures).toEqual([]);
  }, 120_000);
});
