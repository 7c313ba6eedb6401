/** Labels of one area of the web app; merged into the catalogue by ../messages.ts.
 * This one: invoices' payment references (settings, the customer's open items, the template variable). */
export const en = {
  'paymentReferences.title': 'Payment references',
  'paymentReferences.help':
    'Every invoice gets a reference of its own, printed in reminders, letters and on the customer page, and in the QR code a banking app pays from. A transfer that quotes it is matched to its invoice without anyone looking.',
  'paymentReferences.scheme': 'Written as',
  'paymentReferences.scheme.structured_communication': 'Belgian structured communication, such as +++123/4567/89002+++',
  'paymentReferences.scheme.creditor_reference': 'International creditor reference (ISO 11649), such as RF18 5390 0754 7034',
  'paymentReferences.countryDefault': 'the usual choice in your country',
  'paymentReferences.appliesFromNow': 'A change applies to invoices recorded from now on: invoices already recorded keep the reference customers may already have.',
  'paymentReferences.save': 'Save the payment references',
  'paymentReferences.saved': 'Saved. Invoices recorded from now on get references written this way.',
  'paymentReferences.adminOnly': 'Only an administrator can change how references are written.',
  'customer.paymentReference': 'Payment reference',
  'templates.variable.invoices.first.payment_reference': 'Its payment reference, as printed (+++…+++ or RF…)',
};

export const fr: Record<keyof typeof en, string> = {
  'paymentReferences.title': 'Références de paiement',
  'paymentReferences.help':
    'Chaque facture reçoit sa propre référence, imprimée dans les relances, les lettres et sur la page client, et dans le QR code qu’une application bancaire utilise pour payer. Un virement qui l’indique est rapproché de sa facture sans intervention.',
  'paymentReferences.scheme': 'Format',
  'paymentReferences.scheme.structured_communication': 'Communication structurée belge, par exemple +++123/4567/89002+++',
  'paymentReferences.scheme.creditor_reference': 'Référence créancier internationale (ISO 11649), par exemple RF18 5390 0754 7034',
  'paymentReferences.countryDefault': 'le choix habituel dans votre pays',
  'paymentReferences.appliesFromNow': 'Un changement vaut pour les factures enregistrées à partir de maintenant : les factures déjà enregistrées gardent la référence que les clients ont peut-être déjà.',
  'paymentReferences.save': 'Enregistrer les références de paiement',
  'paymentReferences.saved': 'Enregistré. Les factures enregistrées désormais reçoivent des références dans ce format.',
  'paymentReferences.adminOnly': 'Seul un administrateur peut changer le format des références.',
  'customer.paymentReference': 'Référence de paiement',
  'templates.variable.invoices.first.payment_reference': 'Sa référence de paiement, telle qu’imprimée (+++…+++ ou RF…)',
};
