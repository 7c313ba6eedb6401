import type { Command } from 'commander';
import { AppError } from '../../core/app-error.js';
import { todayIn } from '../../core/plain-date.js';
import { formatDateForLanguage } from '../../core/templates/format-for-language.js';
import { getCollectionSettings } from '../../adapters/db/stores/collection-settings.js';
import { issuePortalLink, portalBaseUrl, revokePortalLinks } from '../../app/portal/portal-links.js';
import { publicUrlFrom } from '../../http/origin-check.js';
import { withContext } from '../context.js';
import { requireCustomer } from './pauses.js';

/** Where `relance serve` answers when PUBLIC_URL is not set: its default address. */
function defaultServeUrl(): string {
  return `http://localhost:${process.env.PORT ?? '3000'}`;
}

function daysOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new AppError('validation_failed', `--days takes a whole number of days, got "${value}"`, { field: '--days' });
  return Number(value);
}

/** `relance portal link|revoke`: a customer's link to its debtor page, made or withdrawn from the terminal. */
export function registerPortal(program: Command): void {
  const portal = program.command('portal').description("links to a customer's page, where it sees what it owes and answers");
  portal
    .command('link <customer-ref>')
    .description("make a new link to the customer's page and print it (PUBLIC_URL is the address debtors reach)")
    .option('--days <n>', 'how many days the link opens the page', '90')
    .option('--org <name>', 'organization (id or name) when the database holds several')
    .action(async (ref: string, opts: { days?: string; org?: string }) => {
      const days = daysOption(opts.days);
      await withContext(opts.org, async ({ db, organization }) => {
        const customer = await requireCustomer(db, organization.id, ref);
        const settings = await getCollectionSettings(db, organization.id);
        const publicUrl = publicUrlFrom(process.env.PUBLIC_URL);
        if (!publicUrl && !settings.portalBaseUrl) {
          process.stderr.write(`PUBLIC_URL is not set: the link points to ${defaultServeUrl()}, which only this machine reaches\n`);
        }
        const link = await issuePortalLink(db, organization.id, customer.id, {
          now: new Date(),
          ...(days !== undefined ? { days } : {}),
          by: null,
          publicUrl: portalBaseUrl(settings, publicUrl ?? defaultServeUrl()),
        });
        const lastDay = formatDateForLanguage(todayIn(organization.time_zone, new Date(link.expiresAt)), 'en');
        process.stdout.write(`${link.url}\nValid until ${lastDay} (${link.expiresAt}) for ${customer.name} (${customer.external_ref})\n`);
      });
    });
  portal
    .command('revoke <customer-ref>')
    .description("revoke every live link to the customer's page, those in messages already sent too")
    .option('--org <name>', 'organization (id or name) when the database holds several')
    .action(async (ref: string, opts: { org?: string }) => {
      await withContext(opts.org, async ({ db, organization }) => {
        const customer = await requireCustomer(db, organization.id, ref);
        const revoked = await revokePortalLinks(db, organization.id, customer.id, new Date());
        process.stdout.write(`${revoked} ${revoked === 1 ? 'link' : 'links'} revoked for ${customer.name} (${customer.external_ref})\n`);
      });
    });
}
