import { AppError } from '../core/app-error.js';
import { openDatabase, type Db } from '../adapters/db/database.js';
import { listOrganizations } from '../adapters/db/stores/organizations.js';
import type { OrganizationRow } from '../adapters/db/schema.js';

/** What every command needs: the database named by DATABASE_URL and the organization it acts for. */
export interface CliContext {
  db: Db;
  organization: OrganizationRow;
}

export async function openCliDatabase(): Promise<Db> {
  return openDatabase(process.env.DATABASE_URL);
}

/**
 * The organization is picked by `--org` or RELANCE_ORG (id or name); a database with a
 * single organization, or a single creditor beside collection agencies, needs neither.
 */
export async function resolveOrganization(db: Db, wanted: string | undefined): Promise<OrganizationRow> {
  const organizations = await listOrganizations(db);
  const choice = wanted ?? process.env.RELANCE_ORG;
  if (choice) {
    const found = organizations.find((o) => o.id === choice || o.name === choice);
    if (!found) throw new AppError('not_found', `no organization named "${choice}" in ${db.description}`);
    return found;
  }
  if (organizations.length === 0) {
    throw new AppError('not_found', `${db.description} holds no organization yet: run "relance demo" or "relance org create" first`);
  }
  const creditors = organizations.filter((o) => o.kind !== 'agency');
  if (organizations.length > 1 && creditors.length === 1) return creditors[0]!;
  if (organizations.length > 1) {
    throw new AppError('validation_failed', `${db.description} holds several organizations: say which with --org NAME`, { field: 'org' });
  }
  return organizations[0]!;
}

export async function withContext<T>(org: string | undefined, fn: (ctx: CliContext) => Promise<T>): Promise<T> {
  const db = await openCliDatabase();
  try {
    const organization = await resolveOrganization(db, org);
    return await fn({ db, organization });
  } finally {
    await db.close();
  }
}
