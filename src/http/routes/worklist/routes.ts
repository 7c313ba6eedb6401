import type { FastifyInstance } from 'fastify';
import { AppError } from '../../../core/app-error.js';
import { todayIn, type PlainDate } from '../../../core/plain-date.js';
import type { WorkKind } from '../../../core/worklist/rank-worklist.js';
import type { Db } from '../../../adapters/db/database.js';
import { ownerScope, type Caller } from '../../../app/auth/caller.js';
import { getWorklist, RANKING_RULE, type WorkOwner } from '../../../app/worklist/get-worklist.js';
import { callerOf, organizationOf } from '../../access.js';
import { worklistQuery, worklistResponse } from './schemas.js';

interface WorklistQuery {
  as_of?: PlainDate;
  owner?: string;
  kind?: WorkKind;
  segment?: string;
  limit?: number;
  offset?: number;
}

/** "me", "unassigned" or a user id, as the worklist filters by. */
export function workOwnerOf(owner: string | undefined, caller: Pick<Caller, 'userId'>): WorkOwner | undefined {
  if (owner === undefined) return undefined;
  if (owner === 'unassigned') return null;
  if (owner !== 'me') return owner;
  if (caller.userId === null) throw new AppError('validation_failed', 'owner=me needs a signed-in user: an API key has no work of its own; give a user id', { field: 'owner' });
  return caller.userId;
}

export async function worklistRoutes(app: FastifyInstance, { db, now }: { db: Db; now: () => Date }): Promise<void> {
  app.get<{ Querystring: WorklistQuery }>(
    '/api/worklist',
    {
      schema: {
        tags: ['collection'],
        summary: "Today: one ranked list of the work that needs a person (approvals, calls, broken promises and plans, disputes, failed deliveries, small-claim decisions, hand-offs), by expected cash impact",
        querystring: worklistQuery,
        response: { 200: worklistResponse },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const organization = await organizationOf(db, request);
      const { as_of, owner, kind, segment, limit, offset } = request.query;
      const scope = ownerScope(caller);
      const workOwner = workOwnerOf(owner, caller);
      const worklist = await getWorklist(db, organization, as_of ?? todayIn(organization.time_zone, now()), {
        ...(workOwner !== undefined ? { owner: workOwner } : {}),
        ...(kind ? { kind } : {}),
        ...(segment ? { segment } : {}),
        ...(scope !== undefined ? { accountOwnerScope: scope } : {}),
        ...(limit !== undefined ? { limit } : {}),
        ...(offset !== undefined ? { offset } : {}),
      });
      return { ...worklist, ranking_rule: RANKING_RULE };
    },
  );
}
