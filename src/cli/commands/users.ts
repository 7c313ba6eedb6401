import type { Command } from 'commander';
import { ROLES } from '../../core/roles.js';
import { listUsers } from '../../adapters/db/stores/users.js';
import { API_KEY_ROLES, createApiKeyFor } from '../../app/auth/create-api-key.js';
import { createUserAccount, MIN_PASSWORD_LENGTH } from '../../app/auth/create-user-account.js';
import { setUserPassword } from '../../app/auth/set-user-password.js';
import { openCliDatabase, resolveOrganization, withContext } from '../context.js';

interface CreateOptions {
  email: string;
  name: string;
  role: string;
  password?: string;
  locale?: string;
  org?: string;
}

export function registerUsers(program: Command): void {
  const users = program.command('users').description('people who sign in, and API keys for integrations');

  users
    .command('create')
    .description('create a user; without --password a password is generated and printed once')
    .requiredOption('--email <email>', 'sign-in email, unique within the organization')
    .requiredOption('--name <name>', 'name shown in the app')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--password <password>', 'initial password (at least 10 characters)')
    .option('--locale <locale>', 'language of the interface: fr, en, nl, de')
    .option('--org <name>', 'organization (id or name) when the database holds several')
    .action(async (opts: CreateOptions) => {
      await withContext(opts.org, async ({ db, organization }) => {
        const { user, password, generated } = await createUserAccount(db, organization.id, {
          email: opts.email,
          name: opts.name,
          role: opts.role,
          ...(opts.password !== undefined ? { password: opts.password } : {}),
          ...(opts.locale !== undefined ? { locale: opts.locale } : {}),
        });
        process.stdout.write(`Created ${user.role} ${user.email} (${user.name}) in ${organization.name}\n`);
        if (generated) process.stdout.write(`Password: ${password}\n(shown once: hand it over and ask for it to be changed)\n`);
      });
    });

  users
    .command('set-password')
    .description("give a user a new password and sign them out everywhere; without --password one is generated and printed once")
    .requiredOption('--email <email>', 'sign-in email of the user')
    .option('--password <password>', `the new password (at least ${MIN_PASSWORD_LENGTH} characters)`)
    .option('--org <name>', 'organization (id or name) when several have a user with this email')
    .action(async (opts: { email: string; password?: string; org?: string }) => {
      const db = await openCliDatabase();
      try {
        const organizationId = opts.org === undefined ? undefined : (await resolveOrganization(db, opts.org)).id;
        const { user, password, generated } = await setUserPassword(db, {
          email: opts.email,
          ...(opts.password !== undefined ? { password: opts.password } : {}),
          ...(organizationId !== undefined ? { organizationId } : {}),
        });
        process.stdout.write(`New password set for ${user.email}; their sessions are closed\n`);
        if (generated) process.stdout.write(`Password: ${password}\n(shown once)\n`);
      } finally {
        await db.close();
      }
    });

  users
    .command('list')
    .description('list the users of the organization')
    .option('--org <name>', 'organization (id or name) when the database holds several')
    .action(async (opts: { org?: string }) => {
      await withContext(opts.org, async ({ db, organization }) => {
        for (const user of await listUsers(db, organization.id)) {
          process.stdout.write(`${user.email}\t${user.role}\t${user.name}\n`);
        }
      });
    });

  users
    .command('api-key')
    .description('create an API key for an integration; the key is printed once')
    .requiredOption('--name <name>', 'what the key is for, e.g. "ERP sync"')
    .option('--role <role>', `one of ${API_KEY_ROLES.join(', ')}`, 'collector')
    .option('--org <name>', 'organization (id or name) when the database holds several')
    .action(async (opts: { name: string; role: string; org?: string }) => {
      await withContext(opts.org, async ({ db, organization }) => {
        const { row, key } = await createApiKeyFor(db, organization.id, { name: opts.name, role: opts.role });
        process.stdout.write(`Created API key "${row.name}" (${row.role}) for ${organization.name}\n${key}\n`);
        process.stdout.write('Send it as "Authorization: Bearer <key>"; it is not stored and cannot be shown again.\n');
      });
    });
}
