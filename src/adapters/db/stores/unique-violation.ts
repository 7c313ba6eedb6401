import { AppError } from '../../../core/app-error.js';

/** True when the driver refused a row because a unique constraint already holds its value. */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  // better-sqlite3 reports SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY; PostgreSQL reports SQLSTATE 23505.
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}

/**
 * Runs a write and turns a unique-constraint refusal into a conflict naming the field, so a
 * duplicate invoice number reads as such instead of as a driver message.
 */
export async function failOnDuplicate<T>(write: () => Promise<T>, field: string, message: string): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('conflict', message, { field }, { cause: error });
    throw error;
  }
}
