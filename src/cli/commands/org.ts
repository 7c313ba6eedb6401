import type { Command } from 'commander';
import { AppError } from '../../core/app-error.js';
import { isCurrency } from '../../core/money.js';
import { requirePaymentTerms, formatPaymentTerms } from '../../core/payment-terms.js';
import type { Db } from '../../adapters/db/database.js';
import { inTransaction } from '../../adapters/db/stores/in-transaction.js';
import { ORGANIZATION_KINDS, type OrganizationKind } from '../../adapters/db/mandate-schema.js';
import { createOrganization, listOrganizations } from '../../adapters/db/stores/organizations.js';
import { createUser, findUserByEmail } from '../../adapters/db/stores/users.js';
import { HOLIDAY_COUNTRIES, requireHolidayRegion, type HolidayCountry } from '../../adapters/holidays/public-holidays.js';
import { newSecretToken } from '../../adapters/security/tokens.js';
import { getHolidayCalendarSettings, saveHolidayRegion } from '../../app/organization/holiday-calendar-settings.js';
import { openCliDatabase, withContext } from '../context.js';
import { namesBankDetails, setBankDetailsFromOptions, withBankDetailsOptions, type BankDetailsOptions } from './org-bank-details.js';
import { addPaymentReferencesCommand } from './org-payment-references.js';
import { addBankAccountsCommand } from './org-bank-accounts.js';

const COUNTRIES = HOLIDAY_COUNTRIES;
type Country = HolidayCountry;
const LOCALES = ['fr', 'en', 'nl', 'de'];
const DEFAULT_TIME_ZONE: Record<Country, string> = { FR: 'Europe/Paris', BE: 'Europe/Brussels', DE: 'Europe/Berlin', NL: 'Europe/Amsterdam', LU: 'Europe/Luxembourg' };
const DEFAULT_LOCALE: Record<Country, string> = { FR: 'fr', BE: 'fr', DE: 'de', NL: 'nl', LU: 'fr' };

interface CreateOptions {
  name: string;
  legalName?: string;
  country: string;
  currency: string;
  timeZone?: string;
  locale?: string;
  terms: string;
  holidayRegion?: string;
  adminEmail?: string;
  adminName?: string;
  kind: string;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function invalid(field: string, message: string): AppError {
  return new AppError('validation_failed', message, { field });
}

async function withDatabase<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await openCliDatabase();
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

export function registerOrg(program: Command): void {
  const org = program.command('org').description('organizations (the creditors whose receivables Relance collects)');

  org
    .command('create')
    .description('create an organization, and optionally its first admin user, to start without demo data')
    .requiredOption('--name <name>', 'name shown in the app and used by --org')
    .option('--legal-name <name>', 'registered name, on letters and invoices (default: --name)')
    .requiredOption('--country <code>', `country of the creditor: ${COUNTRIES.join(', ')} (sets the legal rules)`)
    .option('--currency <code>', 'ISO 4217 currency of the ledger', 'EUR')
    .option('--time-zone <zone>', 'IANA time zone that decides what "today" is (default: the country\'s)')
    .option('--locale <locale>', `language of the organization: ${LOCALES.join(', ')} (default: the country's)`)
    .option('--terms <terms>', 'default payment terms ("net 30", "45 eom", "eom + 10", "on receipt")', 'net 30')
    .option('--holiday-region <code>', 'region whose public holidays apply, as date-holidays names it (57, 67 or 68 for Alsace-Moselle, BY for Bavaria…)')
    .option('--admin-email <email>', 'create an admin user with this email; its password is printed once (or taken from RELANCE_ADMIN_PASSWORD)')
    .option('--admin-name <name>', 'name of the admin user (default: the part of the email before @)')
    .option('--kind <kind>', `creditor (collects its own receivables) or agency (works the cases creditors hand to it)`, 'creditor')
    .action(async (opts: CreateOptions) => {
      const kind = opts.kind.trim().toLowerCase();
      if (!(ORGANIZATION_KINDS as readonly string[]).includes(kind)) throw invalid('--kind', `--kind must be one of ${ORGANIZATION_KINDS.join(', ')}, got "${opts.kind}"`);
      const name = opts.name.trim();
      if (!name) throw invalid('--name', '--name must not be empty');
      const country = opts.country.trim().toUpperCase();
      if (!(COUNTRIES as readonly string[]).includes(country)) {
        throw invalid('--country', `--country must be one of ${COUNTRIES.join(', ')}, got "${opts.country}"`);
      }
      const currency = opts.currency.trim().toUpperCase();
      if (!isCurrency(currency)) throw invalid('--currency', `--currency takes a current ISO 4217 currency code such as EUR, got "${opts.currency}"`);
      const timeZone = opts.timeZone?.trim() || DEFAULT_TIME_ZONE[country as Country];
      if (!isTimeZone(timeZone)) throw invalid('--time-zone', `--time-zone takes an IANA zone such as Europe/Paris, got "${opts.timeZone}"`);
      const locale = opts.locale?.trim().toLowerCase() || DEFAULT_LOCALE[country as Country];
      if (!LOCALES.includes(locale)) throw invalid('--locale', `--locale must be one of ${LOCALES.join(', ')}, got "${opts.locale}"`);
      const terms = formatPaymentTerms(requirePaymentTerms(opts.terms, '--terms'));
      const holidayRegion = requireHolidayRegion(country, opts.holidayRegion, '--holiday-region');
      const adminEmail = opts.adminEmail?.trim().toLowerCase();
      if (adminEmail !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(adminEmail)) {
        throw invalid('--admin-email', `--admin-email is not an email address: "${opts.adminEmail}"`);
      }
      const password = process.env.RELANCE_ADMIN_PASSWORD || newSecretToken().slice(0, 20);

      await withDatabase(async (db) => {
        if ((await listOrganizations(db)).some((o) => o.name === name)) {
          throw new AppError('conflict', `${db.description} already holds an organization named "${name}"`, { field: '--name' });
        }
        if (adminEmail && (await findUserByEmail(db, adminEmail))) {
          throw new AppError('conflict', `a user ${adminEmail} already exists in ${db.description}`, { field: '--admin-email' });
        }
        const created = await inTransaction(db, async (tdb) => {
          const organization = await createOrganization(tdb, {
            name,
            legalName: opts.legalName?.trim() || name,
            country,
            currency,
            timeZone,
            locale,
            defaultTerms: terms,
            holidayRegion,
            kind: kind as OrganizationKind,
          });
          if (adminEmail) {
            await createUser(tdb, organization.id, { email: adminEmail, name: opts.adminName?.trim() || adminEmail.split('@')[0]!, password, role: 'admin', locale });
          }
          return organization;
        });
        const out = process.stdout;
        out.write(`Created the ${kind === 'agency' ? 'collection agency' : 'organization'} "${created.name}" (${country}, ${currency}, ${timeZone}, terms ${terms}) in ${db.description}\n`);
        out.write(`  kind ${kind}\n`);
        out.write(`  id ${created.id}\n`);
        if (adminEmail) {
          if (process.env.RELANCE_ADMIN_PASSWORD) out.write(`Admin login: ${adminEmail} with the password from RELANCE_ADMIN_PASSWORD\n`);
          else out.write(`Admin login: ${adminEmail} / ${password}\n  (shown only now: keep it somewhere safe)\n`);
        }
      });
    });

  withBankDetailsOptions(
    org
      .command('set')
      .description("change an organization's settings")
      .option('--org <name>', 'organization (id or name); needed when the database holds several')
      .option('--holiday-region <code>', 'region whose public holidays apply, as date-holidays names it (57, 67 or 68 for Alsace-Moselle, BY for Bavaria…); "" for the whole country'),
  ).action(async (opts: { org?: string; holidayRegion?: string } & BankDetailsOptions) => {
    if (opts.holidayRegion === undefined && !namesBankDetails(opts)) {
      throw invalid('--holiday-region', 'say what to change, for example --holiday-region 57 or --iban "FR76 …" --bic … --account-holder …');
    }
    await withContext(opts.org, async ({ db, organization }) => {
      // Both are checked before either is saved: a refused value leaves everything as it was.
      if (opts.holidayRegion !== undefined) requireHolidayRegion(organization.country, opts.holidayRegion, '--holiday-region');
      if (namesBankDetails(opts)) await setBankDetailsFromOptions(db, organization, opts);
      if (opts.holidayRegion === undefined) return;
      const saved = await saveHolidayRegion(db, organization, opts.holidayRegion, '--holiday-region');
      const region = saved.region ? `${saved.region} (${saved.regions.find((r) => r.code === saved.region)?.name ?? saved.region})` : 'none, the whole country';
      process.stdout.write(`${organization.name}: public holidays of ${saved.country}, region ${region}\n`);
    });
  });

  org
    .command('holidays')
    .description('show whose public holidays stop the reminders, and the regions to choose from')
    .option('--org <name>', 'organization (id or name); needed when the database holds several')
    .action(async (opts: { org?: string }) => {
      await withContext(opts.org, async ({ organization }) => {
        const settings = getHolidayCalendarSettings(organization);
        process.stdout.write(`${organization.name}: public holidays of ${settings.country}, region ${settings.region ?? 'none, the whole country'}\n`);
        for (const r of settings.regions) process.stdout.write(`  ${r.code}\t${r.name}\n`);
      });
    });

  addPaymentReferencesCommand(org);
  addBankAccountsCommand(org);

  org
    .command('list')
    .description('list the organizations in the database')
    .action(async () => {
      await withDatabase(async (db) => {
        const organizations = await listOrganizations(db);
        if (organizations.length === 0) process.stdout.write(`${db.description} holds no organization yet\n`);
        for (const o of organizations) process.stdout.write(`${o.name}\t${o.country}\t${o.currency}\t${o.time_zone}\t${o.id}\n`);
      });
    });
}
