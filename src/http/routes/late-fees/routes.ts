import type { FastifyInstance } from 'fastify';
import { AppError } from '../../../core/app-error.js';
import type { LateInterestLaw } from '../../../core/late-interest.js';
import { parseDecimalToMinor } from '../../../core/money.js';
import { todayIn, type PlainDate } from '../../../core/plain-date.js';
import type { Db } from '../../../adapters/db/database.js';
import { getApiKey } from '../../../adapters/db/stores/api-keys.js';
import { getLateFeePolicy } from '../../../adapters/db/stores/late-fee-policies.js';
import { getUser } from '../../../adapters/db/stores/users.js';
import { addLatePaymentRate } from '../../../app/add-late-payment-rate.js';
import { requireVisibleCustomer, type Caller } from '../../../app/auth/caller.js';
import { computeLateFees } from '../../../app/compute-late-fees.js';
import { getCurrentRateStatus } from '../../../app/get-current-rate-status.js';
import { getCustomerLateFees } from '../../../app/get-customer-late-fees.js';
import { getRateTable, listRatesInUse } from '../../../app/get-late-payment-rates.js';
import { getLateFeeSettings, saveLateFeeSettings, type LateFeeSettingsInput } from '../../../app/late-fee-settings.js';
import { callerOf, organizationOf } from '../../access.js';
import { idParams } from '../../schemas.js';
import {
  addRateBody,
  computeQuery,
  computeResponse,
  customerLateFeesQuery,
  currentRateQuery,
  currentRateResponse,
  customerLateFeesResponse,
  rateEntryResponse,
  rateListQuery,
  rateListResponse,
  settingsBody,
  settingsSchema,
} from './schemas.js';

/** How a change is signed in the rate table and the settings: the user's email, or the API key's name. */
async function signatureOf(db: Db, caller: Caller): Promise<string> {
  if (caller.userId) {
    const user = await getUser(db, caller.organizationId, caller.userId);
    if (user) return user.email;
  }
  if (caller.apiKeyId) {
    const key = await getApiKey(db, caller.organizationId, caller.apiKeyId);
    if (key) return `API key ${key.name}`;
  }
  return 'unknown';
}

export async function lateFeeRoutes(app: FastifyInstance, { db, now }: { db: Db; now: () => Date }): Promise<void> {
  const tags = ['late fees'];

  app.get<{ Querystring: { law?: LateInterestLaw; amount: string; currency?: string; due: PlainDate; paid: PlainDate } }>(
    '/api/late-fees/compute',
    {
      schema: {
        tags,
        summary: 'Statutory late interest (per half-year rate, actual days / 365) and the fixed recovery indemnity on one amount; 422 naming `paid` when a late day has no rate on file',
        querystring: computeQuery,
        response: { 200: computeResponse },
      },
    },
    async (request) => {
      const organization = await organizationOf(db, request);
      const q = request.query;
      const currency = q.currency ?? organization.currency;
      const amountMinor = parseDecimalToMinor(q.amount, currency);
      if (amountMinor === null) throw new AppError('validation_failed', `amount has more decimals than ${currency} allows`, { field: 'amount' });
      const law = q.law ?? (await getLateFeePolicy(db, organization)).policy.law;
      const table = await getRateTable(db, organization.id, law);
      return computeLateFees({ law, table, amountMinor, currency, due: q.due, paid: q.paid }, 'paid');
    },
  );

  app.get<{ Querystring: { law?: LateInterestLaw } }>(
    '/api/late-fees/rates',
    { schema: { tags, summary: 'Half-year late-payment rates in use: the built-in table merged with the rates this organization added', querystring: rateListQuery, response: { 200: rateListResponse } } },
    async (request) => {
      const { law } = request.query;
      return { items: await listRatesInUse(db, callerOf(request).organizationId, law ? { law } : {}) };
    },
  );

  app.get<{ Querystring: { as_of?: PlainDate } }>(
    '/api/late-fees/current-rate',
    {
      schema: {
        tags,
        summary: "Whether the half-year of today (or as_of) has a rate on file under the organization's law, and where the rate is published",
        querystring: currentRateQuery,
        response: { 200: currentRateResponse },
      },
    },
    async (request) => {
      const organization = await organizationOf(db, request);
      return getCurrentRateStatus(db, organization, request.query.as_of ?? todayIn(organization.time_zone, now()));
    },
  );

  app.post<{ Body: { law: LateInterestLaw; from: string; rate: string; source: string; replace?: boolean } }>(
    '/api/late-fees/rates',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Add a half-year rate (administrators); a half-year that already has one needs "replace": true',
        body: addRateBody,
        response: { 201: rateEntryResponse },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const body = request.body;
      const row = await addLatePaymentRate(
        db,
        caller.organizationId,
        { law: body.law, from: body.from, percent: body.rate, source: body.source, replace: body.replace ?? false, addedBy: await signatureOf(db, caller) },
        { from: 'from', percent: 'rate', source: 'source', replace: '"replace": true' },
      );
      const entry = (await listRatesInUse(db, caller.organizationId, { law: body.law })).find((e) => e.from === row.from_date)!;
      return reply.code(201).send(entry);
    },
  );

  app.get(
    '/api/settings/late-fees',
    { schema: { tags, summary: "The organization's late-fee policy: what it claims, under which law, from which scenario step messages state it", response: { 200: settingsSchema } } },
    async (request) => getLateFeeSettings(db, await organizationOf(db, request)),
  );

  app.put<{ Body: LateFeeSettingsInput }>(
    '/api/settings/late-fees',
    { config: { access: 'admin' }, schema: { tags, summary: 'Change the late-fee policy (administrators)', body: settingsBody, response: { 200: settingsSchema } } },
    async (request) => saveLateFeeSettings(db, await organizationOf(db, request), request.body, await signatureOf(db, callerOf(request))),
  );

  app.get<{ Params: { id: string }; Querystring: { as_of?: PlainDate } }>(
    '/api/customers/:id/late-fees',
    {
      schema: {
        tags,
        summary: "Late fees on the customer's open overdue invoices under the organization's policy: the figures reminders state",
        params: idParams,
        querystring: customerLateFeesQuery,
        response: { 200: customerLateFeesResponse },
      },
    },
    async (request) => {
      const customer = await requireVisibleCustomer(db, callerOf(request), request.params.id);
      const organization = await organizationOf(db, request);
      return getCustomerLateFees(db, organization, customer, { ...(request.query.as_of ? { asOf: request.query.as_of } : {}), now: now() });
    },
  );
}
