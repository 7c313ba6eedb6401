import type { FastifyInstance } from 'fastify';
import { AppError } from '../../../core/app-error.js';
import type { Db } from '../../../adapters/db/database.js';
import { createContact, deleteContact, getContact, listContacts, updateContact, type ContactChanges, type NewContact } from '../../../adapters/db/stores/contacts.js';
import { requireVisibleCustomer, requireVisibleDocument } from '../../../app/auth/caller.js';
import { contactJson } from '../../../app/get-customer-detail.js';
import { callerOf } from '../../access.js';
import { emptyResponse, idParams, itemsOf } from '../../schemas.js';
import { contactSchema, createContactBody, updateContactBody } from './schemas.js';

/** A contact with neither email, phone nor address cannot be reached: refuse it. */
function checkReachable(contact: { email?: string | null; phone?: string | null; address?: string | null }): void {
  if (!contact.email && !contact.phone && !contact.address) {
    throw new AppError('validation_failed', 'a contact needs at least an email, a phone number or an address', { field: 'email' });
  }
}

export async function contactRoutes(app: FastifyInstance, { db }: { db: Db }): Promise<void> {
  const tags = ['contacts'];

  app.get<{ Params: { id: string } }>(
    '/api/customers/:id/contacts',
    { schema: { tags, summary: "A customer's contacts", params: idParams, response: { 200: itemsOf(contactSchema) } } },
    async (request) => {
      const customer = await requireVisibleCustomer(db, callerOf(request), request.params.id);
      return { items: (await listContacts(db, customer.organization_id, customer.id)).map(contactJson) };
    },
  );

  app.post<{ Params: { id: string }; Body: NewContact }>(
    '/api/customers/:id/contacts',
    { schema: { tags, summary: 'Add a contact to a customer', params: idParams, body: createContactBody, response: { 201: contactSchema } } },
    async (request, reply) => {
      const customer = await requireVisibleCustomer(db, callerOf(request), request.params.id);
      checkReachable(request.body);
      const row = await createContact(db, customer.organization_id, customer.id, request.body);
      return reply.code(201).send(contactJson(row));
    },
  );

  const visibleContact = async (request: { params: { id: string } } & Parameters<typeof callerOf>[0]) => {
    const caller = callerOf(request);
    return requireVisibleDocument(db, caller, await getContact(db, caller.organizationId, request.params.id), 'contact', request.params.id);
  };

  app.get<{ Params: { id: string } }>(
    '/api/contacts/:id',
    { schema: { tags, summary: 'One contact', params: idParams, response: { 200: contactSchema } } },
    async (request) => contactJson(await visibleContact(request)),
  );

  app.patch<{ Params: { id: string }; Body: ContactChanges }>(
    '/api/contacts/:id',
    { schema: { tags, summary: 'Change a contact', params: idParams, body: updateContactBody, response: { 200: contactSchema } } },
    async (request) => {
      const current = await visibleContact(request);
      checkReachable({ ...current, ...request.body });
      return contactJson((await updateContact(db, current.organization_id, current.id, request.body))!);
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/contacts/:id',
    { schema: { tags, summary: 'Remove a contact', params: idParams, response: { 204: emptyResponse } } },
    async (request, reply) => {
      const current = await visibleContact(request);
      await deleteContact(db, current.organization_id, current.id);
      return reply.code(204).send();
    },
  );
}
