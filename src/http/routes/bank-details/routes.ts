import type { FastifyInstance } from 'fastify';
import type { Db } from '../../../adapters/db/database.js';
import type { OrganizationRow } from '../../../adapters/db/schema.js';
import { getOrganization } from '../../../adapters/db/stores/organizations.js';
import { bankDetailsOf, printedBankDetails, updateBankDetails } from '../../../app/bank-details.js';
import { organizationOf } from '../../access.js';
import { bankDetailsBody, bankDetailsResponse } from './schemas.js';

interface BankDetailsJson {
  iban?: string | null;
  bic?: string | null;
  account_holder?: string | null;
}

function bankDetailsJson(organization: OrganizationRow) {
  const details = bankDetailsOf(organization);
  const printed = printedBankDetails(organization);
  return { iban: printed?.iban ?? null, bic: details?.bic ?? null, account_holder: details?.accountHolder ?? null, beneficiary: printed?.beneficiary ?? null };
}

/** The account customers are asked to pay into, as every message and statement prints it. */
export async function bankDetailsRoutes(app: FastifyInstance, { db }: { db: Db }): Promise<void> {
  const tags = ['organization'];

  app.get(
    '/api/settings/bank-details',
    { schema: { tags, summary: "The organization's bank details that messages and statements print", response: { 200: bankDetailsResponse } } },
    async (request) => bankDetailsJson(await organizationOf(db, request)),
  );

  // Administrators only: changing where customers send money is not a collector's call.
  app.put<{ Body: BankDetailsJson }>(
    '/api/settings/bank-details',
    {
      config: { access: 'admin' },
      schema: { tags, summary: 'Change the bank details (administrators); fields left out keep their value, `"iban": null` removes them; 422 naming the field for an invalid IBAN or BIC', body: bankDetailsBody, response: { 200: bankDetailsResponse } },
    },
    async (request) => {
      const organization = await organizationOf(db, request);
      const body = request.body;
      await updateBankDetails(db, organization, {
        ...(body.iban !== undefined ? { iban: body.iban } : {}),
        ...(body.bic !== undefined ? { bic: body.bic } : {}),
        ...(body.account_holder !== undefined ? { accountHolder: body.account_holder } : {}),
      });
      return bankDetailsJson((await getOrganization(db, organization.id))!);
    },
  );
}
