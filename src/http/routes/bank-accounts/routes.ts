import type { FastifyInstance } from 'fastify';
import type { Db } from '../../../adapters/db/database.js';
import { addBankAccount, getBankAccounts, removeBankAccount, type NewBankAccount } from '../../../app/bank/bank-accounts.js';
import { callerOf, organizationOf } from '../../access.js';
import { bankAccountListSchema, bankAccountSchema, newBankAccountBody } from './schemas.js';

/**
 * The organization's bank accounts: the first is the one customers are asked to pay into, and
 * only statements of these accounts can be imported. Changing them is an administrator's call.
 */
export async function bankAccountRoutes(app: FastifyInstance, { db }: { db: Db }): Promise<void> {
  const tags = ['organization'];

  app.get(
    '/api/bank-accounts',
    { schema: { tags, summary: "The organization's bank accounts, the one messages print first", response: { 200: bankAccountListSchema } } },
    async (request) => ({ items: await getBankAccounts(db, callerOf(request).organizationId) }),
  );

  app.post<{ Body: NewBankAccount }>(
    '/api/bank-accounts',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Add a bank account (administrators); 422 naming the field for an invalid IBAN, BIC or currency, 409 when the IBAN is already there',
        body: newBankAccountBody,
        response: { 201: bankAccountSchema },
      },
    },
    async (request, reply) => {
      const account = await addBankAccount(db, await organizationOf(db, request), request.body);
      return reply.code(201).send(account);
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/bank-accounts/:id',
    {
      config: { access: 'admin' },
      schema: { tags, summary: 'Remove a bank account (administrators); lines already imported from its statements stay', params: { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 80 } } } },
    },
    async (request, reply) => {
      await removeBankAccount(db, callerOf(request).organizationId, request.params.id);
      return reply.code(204).send();
    },
  );
}
