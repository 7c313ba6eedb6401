import { AppError } from '../../core/app-error.js';
import { isRole, ROLES } from '../../core/roles.js';
import type { Db } from '../../adapters/db/database.js';
import type { UserRow } from '../../adapters/db/schema.js';
import { failOnDuplicate } from '../../adapters/db/stores/unique-violation.js';
import { createUser, normalizeEmail } from '../../adapters/db/stores/users.js';
import { newSecretToken } from '../../adapters/security/tokens.js';

export const MIN_PASSWORD_LENGTH = 10;

export interface UserAccountInput {
  email: string;
  name: string;
  role: string;
  password?: string;
  locale?: string;
}

export function checkPassword(password: string, field = 'password'): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new AppError('validation_failed', `password must be at least ${MIN_PASSWORD_LENGTH} characters long`, { field });
  }
}

/** Creates a user; without a password one is generated and returned, once, to hand over. */
export async function createUserAccount(
  db: Db,
  organizationId: string,
  input: UserAccountInput,
): Promise<{ user: UserRow; password: string; generated: boolean }> {
  const email = normalizeEmail(input.email);
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new AppError('validation_failed', `"${input.email}" is not an email address`, { field: 'email' });
  if (!isRole(input.role)) throw new AppError('validation_failed', `role must be one of ${ROLES.join(', ')}`, { field: 'role' });
  const name = input.name.trim();
  if (!name) throw new AppError('validation_failed', 'name must not be empty', { field: 'name' });
  const generated = input.password === undefined;
  const password = input.password ?? newSecretToken().slice(0, 20);
  checkPassword(password);
  const user = await failOnDuplicate(
    () => createUser(db, organizationId, { email, name, password, role: input.role as UserAccountInput['role'] & typeof ROLES[number], ...(input.locale ? { locale: input.locale } : {}) }),
    'email',
    // Only this organization's users can clash: another organization's are none of its business.
    `a user with the email ${email} already exists in this organization`,
  );
  return { user, password, generated };
}
