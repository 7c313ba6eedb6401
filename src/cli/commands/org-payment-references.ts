import type { Command } from 'commander';
import { displayPaymentReference, paymentReferenceFor, type PaymentReferenceScheme } from '../../core/payments/payment-reference.js';
import { getPaymentReferenceSettings, savePaymentReferenceScheme } from '../../app/organization/payment-reference-settings.js';
import { withContext } from '../context.js';

const SCHEME_NAMES: Record<PaymentReferenceScheme, string> = {
  structured_communication: 'Belgian structured communication',
  creditor_reference: 'ISO 11649 creditor reference',
};

/** `relance org payment-references [--scheme …]`: shows, or chooses, how invoices' payment references are written. */
export function addPaymentReferencesCommand(org: Command): void {
  org
    .command('payment-references')
    .description("show or choose how invoices' payment references are written (the Belgian +++123/4567/89002+++ or RF18 5390 0754 7034)")
    .option('--org <name>', 'organization (id or name); needed when the database holds several')
    .option('--scheme <scheme>', 'structured_communication, creditor_reference, or default for the country\'s; applies to invoices recorded from now on')
    .action(async (opts: { org?: string; scheme?: string }) => {
      await withContext(opts.org, async ({ db, organization }) => {
        const settings =
          opts.scheme === undefined
            ? await getPaymentReferenceSettings(db, organization)
            : await savePaymentReferenceScheme(db, organization, opts.scheme === 'default' ? null : opts.scheme, '--scheme');
        const example = displayPaymentReference(paymentReferenceFor(settings.scheme, 42));
        process.stdout.write(
          `${organization.name}: ${SCHEME_NAMES[settings.scheme]}${settings.chosen ? '' : " (the country's default)"}, such as ${example}\n`,
        );
      });
    });
}
