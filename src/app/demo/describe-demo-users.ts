import type { DemoCredential } from './load-demo.js';

/**
 * The lines that hand the demo's users over: email, role, name and password, in columns; the
 * creditor's users first, then each other organization's (the demo's collection agency) under its name.
 */
export function describeDemoUsers(users: readonly DemoCredential[]): string[] {
  const width = Math.max(...users.map((u) => u.email.length));
  const line = (u: DemoCredential) => `  ${u.email.padEnd(width)}  ${u.role.padEnd(9)}  ${u.password}  ${u.name}`;
  const lines = ['Demo users (passwords generated for this database, shown only now):', ...users.filter((u) => !u.organization).map(line)];
  for (const organization of new Set(users.flatMap((u) => (u.organization ? [u.organization] : [])))) {
    lines.push(`Users of the collection agency "${organization}", which sees only the cases handed to it:`, ...users.filter((u) => u.organization === organization).map(line));
  }
  return lines;
}
