/**
 * admin: everything, users and keys included. collector: works the ledger and the cases.
 * sales: reads the accounts they own, changes nothing. viewer: reads everything, changes nothing.
 */
export const ROLES = ['admin', 'collector', 'sales', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function canWrite(role: Role): boolean {
  return role === 'admin' || role === 'collector';
}

export function canAdminister(role: Role): boolean {
  return role === 'admin';
}

/** Sales users see only the customers whose account owner they are. */
export function seesOnlyOwnAccounts(role: Role): boolean {
  return role === 'sales';
}
