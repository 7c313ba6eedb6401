import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { buildCustomerDossier } from '../../app/dossier/build-customer-dossier.js';
import { withContext } from '../context.js';
import { parseCliDate } from '../options.js';
import { requireCustomer } from './pauses.js';

/** `relance dossier CUSTOMER_REF --out FILE.zip`: the customer's case file, as the API and the web app give it. */
export function registerDossier(program: Command): void {
  program
    .command('dossier <customer-ref>')
    .description("write the customer's case file (ZIP) for an agency or a court: statement, open invoices, letters sent, timeline, disputes, arrangements, late fees and a manifest")
    .option('--out <file>', 'where to write the ZIP (default: dossier-<ref>-<date>.zip in the current folder)')
    .option('--as-of <date>', 'the day the figures are computed for (YYYY-MM-DD, default today)')
    .option('--org <name>', 'organization (id or name) when the database holds several')
    .action(async (ref: string, opts: { out?: string; asOf?: string; org?: string }) => {
      const asOf = opts.asOf === undefined ? undefined : parseCliDate(opts.asOf, '--as-of');
      await withContext(opts.org, async ({ db, organization }) => {
        const customer = await requireCustomer(db, organization.id, ref);
        const dossier = await buildCustomerDossier(db, organization, customer, { now: new Date(), ...(asOf ? { asOf } : {}) });
        const out = opts.out ?? dossier.fileName;
        await writeFile(out, dossier.content);
        const { figures } = dossier.manifest;
        process.stdout.write(
          `${out}: ${dossier.manifest.files.length + 1} files for ${customer.name} (${customer.external_ref}) as of ${dossier.manifest.generated_on}\n` +
            `balance ${figures.balance} ${figures.currency}, overdue ${figures.overdue}, interest ${figures.interest ?? 'unknown'}, indemnity ${figures.indemnity}\n`,
        );
      });
    });
}
