import type { DemoCredential } from './load-demo.js';

/** The lines that hand the demo's users over: email, role, name and password, in columns. */
export function describeDemoUsers(users: readonly DemoCredential[]): string[] {
  const width = Math.max(...users.map((u) => u.email.length));
  return [
    'Demo users (passwords generated for this database, shown only now):',
    ...users.map((u) => `  ${u.email.padEnd(width)}  ${u.role.padEnd(9)}  ${u.password}  ${u.name}`),
  ];
}
