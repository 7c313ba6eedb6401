import type { FastifyInstance } from 'fastify';
import { AppError } from '../../../core/app-error.js';
import { ROLES, type Role } from '../../../core/roles.js';
import type { Db } from '../../../adapters/db/database.js';
import type { UserRow } from '../../../adapters/db/schema.js';
import { deleteUserSessions } from '../../../adapters/db/stores/sessions.js';
import { deleteUser, getUser, listUsers, updateUser } from '../../../adapters/db/stores/users.js';
import { checkPassword, createUserAccount, MIN_PASSWORD_LENGTH } from '../../../app/auth/create-user-account.js';
import { callerOf } from '../../access.js';
import { emptyResponse, idParams, itemsOf } from '../../schemas.js';

const userSchema = {
  type: 'object',
  required: ['id', 'name', 'email', 'role', 'locale'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    email: { type: 'string' },
    role: { type: 'string', enum: [...ROLES] },
    locale: { type: 'string' },
  },
} as const;

const createdUserSchema = {
  type: 'object',
  required: [...userSchema.required],
  properties: { ...userSchema.properties, password: { type: 'string', description: 'Only when the server generated it; shown once.' } },
} as const;

const userProperties = {
  name: { type: 'string', minLength: 1, maxLength: 200 },
  role: { type: 'string', enum: [...ROLES] },
  locale: { type: 'string', pattern: '^[a-z]{2}(-[A-Z]{2})?$' },
  password: { type: 'string', minLength: MIN_PASSWORD_LENGTH, maxLength: 1000 },
} as const;

function userJson(u: UserRow) {
  return { id: u.id, name: u.name, email: u.email, role: u.role, locale: u.locale };
}

export async function userRoutes(app: FastifyInstance, { db }: { db: Db }): Promise<void> {
  const tags = ['users'];

  app.get(
    '/api/users',
    { schema: { tags, summary: 'The users of the organization (for the account-owner filter)', response: { 200: itemsOf(userSchema) } } },
    async (request) => ({ items: (await listUsers(db, callerOf(request).organizationId)).map(userJson) }),
  );

  app.post<{ Body: { email: string; name: string; role: Role; locale?: string; password?: string } }>(
    '/api/users',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Create a user; without a password one is generated and returned once',
        body: {
          type: 'object',
          required: ['email', 'name', 'role'],
          additionalProperties: false,
          properties: { email: { type: 'string', format: 'email', maxLength: 320 }, ...userProperties },
        },
        response: { 201: createdUserSchema },
      },
    },
    async (request, reply) => {
      const { user, password, generated } = await createUserAccount(db, callerOf(request).organizationId, request.body);
      return reply.code(201).send({ ...userJson(user), ...(generated ? { password } : {}) });
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/users/:id',
    { schema: { tags, summary: 'One user', params: idParams, response: { 200: userSchema } } },
    async (request) => {
      const user = await getUser(db, callerOf(request).organizationId, request.params.id);
      if (!user) throw new AppError('not_found', `user ${request.params.id} does not exist`, { field: 'id' });
      return userJson(user);
    },
  );

  app.patch<{ Params: { id: string }; Body: { name?: string; role?: Role; locale?: string; password?: string } }>(
    '/api/users/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: "Change a user's name, role, locale or password (a new password signs them out everywhere)",
        params: idParams,
        body: { type: 'object', additionalProperties: false, minProperties: 1, properties: userProperties },
        response: { 200: userSchema },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const { id } = request.params;
      if (!(await getUser(db, caller.organizationId, id))) throw new AppError('not_found', `user ${id} does not exist`, { field: 'id' });
      if (id === caller.userId && request.body.role !== undefined && request.body.role !== 'admin') {
        throw new AppError('conflict', 'you cannot take the administrator role away from yourself; ask another administrator', { field: 'role' });
      }
      if (request.body.password !== undefined) checkPassword(request.body.password);
      const user = await updateUser(db, caller.organizationId, id, request.body);
      if (request.body.password !== undefined) await deleteUserSessions(db, caller.organizationId, id);
      return userJson(user!);
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/users/:id',
    { config: { access: 'admin' }, schema: { tags, summary: 'Remove a user; their accounts lose their owner', params: idParams, response: { 204: emptyResponse } } },
    async (request, reply) => {
      const caller = callerOf(request);
      if (request.params.id === caller.userId) throw new AppError('conflict', 'you cannot remove yourself; ask another administrator', { field: 'id' });
      if (!(await deleteUser(db, caller.organizationId, request.params.id))) {
        throw new AppError('not_found', `user ${request.params.id} does not exist`, { field: 'id' });
      }
      return reply.code(204).send();
    },
  );
}
