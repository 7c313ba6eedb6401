/** Labels of one area of the web app; merged into the catalogue by ../messages.ts.
 * This one: what the customers' own page shows of the organization (logo, payment link). */
export const en = {
  'debtorPageSettings.title': 'Customer page',
  'debtorPageSettings.help': 'Every reminder links to a page where the customer sees what it owes, pays and answers. Here is what that page shows of you besides your name and bank details.',
  'debtorPageSettings.logo': 'Logo',
  'debtorPageSettings.logoHelp': 'A PNG, JPEG or SVG image of at most 200 kB, shown at the top of the page.',
  'debtorPageSettings.logoNone': 'No logo: the page shows your name.',
  'debtorPageSettings.logoAlt': 'Your logo as customers see it',
  'debtorPageSettings.logoChoose': 'Choose an image',
  'debtorPageSettings.logoRemove': 'Remove the logo',
  'debtorPageSettings.logoSaved': 'Saved. Customers see the new logo on their page.',
  'debtorPageSettings.logoRemoved': 'Removed. The page shows your name instead.',
  'debtorPageSettings.paymentLink': 'Payment link',
  'debtorPageSettings.paymentLinkHelp':
    'The address of a hosted payment page (card, direct debit), if you have one. {reference}, {amount} and {currency} are replaced by each invoice’s, so the page offers “Pay online” beside the bank transfer. Leave empty for none.',
  'debtorPageSettings.paymentLinkPlaceholder': 'https://pay.example.com/checkout?ref={reference}&amount={amount}',
  'debtorPageSettings.save': 'Save the payment link',
  'debtorPageSettings.saved': 'Saved.',
  'debtorPageSettings.adminOnly': 'Only an administrator can change what the customer page shows.',
};

export const fr: Record<keyof typeof en, string> = {
  'debtorPageSettings.title': 'Page client',
  'debtorPageSettings.help': 'Chaque relance renvoie vers une page où le client voit ce qu’il doit, paie et répond. Voici ce que cette page montre de vous, en plus de votre nom et de vos coordonnées bancaires.',
  'debtorPageSettings.logo': 'Logo',
  'debtorPageSettings.logoHelp': 'Une image PNG, JPEG ou SVG de 200 ko au plus, affichée en haut de la page.',
  'debtorPageSettings.logoNone': 'Pas de logo : la page affiche votre nom.',
  'debtorPageSettings.logoAlt': 'Votre logo tel que les clients le voient',
  'debtorPageSettings.logoChoose': 'Choisir une image',
  'debtorPageSettings.logoRemove': 'Retirer le logo',
  'debtorPageSettings.logoSaved': 'Enregistré. Les clients voient le nouveau logo sur leur page.',
  'debtorPageSettings.logoRemoved': 'Retiré. La page affiche votre nom à la place.',
  'debtorPageSettings.paymentLink': 'Lien de paiement',
  'debtorPageSettings.paymentLinkHelp':
    'L’adresse d’une page de paiement hébergée (carte, prélèvement), si vous en avez une. {reference}, {amount} et {currency} y sont remplacés par ceux de chaque facture : la page propose « Payer en ligne » à côté du virement. Laissez vide pour n’en proposer aucun.',
  'debtorPageSettings.paymentLinkPlaceholder': 'https://paiement.exemple.fr/checkout?ref={reference}&amount={amount}',
  'debtorPageSettings.save': 'Enregistrer le lien de paiement',
  'debtorPageSettings.saved': 'Enregistré.',
  'debtorPageSettings.adminOnly': 'Seul un administrateur peut changer ce que montre la page client.',
};
