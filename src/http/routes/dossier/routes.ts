import type { FastifyInstance } from 'fastify';
import type { Db } from '../../../adapters/db/database.js';
import { requireVisibleCustomer } from '../../../app/auth/caller.js';
import { buildCustomerDossier } from '../../../app/dossier/build-customer-dossier.js';
import { callerOf, organizationOf } from '../../access.js';
import { idParams } from '../../schemas.js';

export async function dossierRoutes(app: FastifyInstance, { db, now }: { db: Db; now: () => Date }): Promise<void> {
  app.get<{ Params: { id: string } }>(
    '/api/customers/:id/dossier',
    {
      schema: {
        tags: ['customers'],
        summary:
          "The customer's case file as a ZIP, for an agency or a court: statement, open invoices, letters sent, timeline (PDF and CSV), disputes, promises and plans, late fees, and manifest.json listing every file with its SHA-256 and the figures",
        params: idParams,
      },
    },
    async (request, reply) => {
      const customer = await requireVisibleCustomer(db, callerOf(request), request.params.id);
      const organization = await organizationOf(db, request);
      const dossier = await buildCustomerDossier(db, organization, customer, { now: now() });
      return reply
        .type('application/zip')
        .header('content-disposition', `attachment; filename="${dossier.fileName}"`)
        .header('cache-control', 'no-store')
        .send(Buffer.from(dossier.content));
    },
  );
}
