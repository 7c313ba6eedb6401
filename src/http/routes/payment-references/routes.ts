import type { FastifyInstance } from 'fastify';
import type { Db } from '../../../adapters/db/database.js';
import { getPaymentReferenceSettings, savePaymentReferenceScheme, type PaymentReferenceSettings } from '../../../app/organization/payment-reference-settings.js';
import { organizationOf } from '../../access.js';
import { paymentReferencesBody, paymentReferencesResponse } from './schemas.js';

function settingsJson(settings: PaymentReferenceSettings) {
  return { scheme: settings.scheme, chosen: settings.chosen, country_default: settings.countryDefault };
}

/** How invoices' payment references are written: the Belgian structured communication or the RF creditor reference. */
export async function paymentReferenceRoutes(app: FastifyInstance, { db }: { db: Db }): Promise<void> {
  const tags = ['organization'];

  app.get(
    '/api/settings/payment-references',
    { schema: { tags, summary: "How invoices' payment references are written, and the country's default", response: { 200: paymentReferencesResponse } } },
    async (request) => settingsJson(await getPaymentReferenceSettings(db, await organizationOf(db, request))),
  );

  // Administrators only, like the bank details: it changes what customers quote with their transfers.
  app.put<{ Body: { scheme: string | null } }>(
    '/api/settings/payment-references',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: "Choose how the references of invoices recorded from now on are written (null: the country's default); invoices already recorded keep theirs",
        body: paymentReferencesBody,
        response: { 200: paymentReferencesResponse },
      },
    },
    async (request) => settingsJson(await savePaymentReferenceScheme(db, await organizationOf(db, request), request.body.scheme)),
  );
}
