/** Labels of one area of the web app; merged into the catalogue by ../messages.ts.
 * This one: the customer page's card for the links to the customer's own debtor page. */
export const en = {
  'portalLinks.title': 'Debtor page',
  'portalLinks.help': 'A private page where this customer sees what it owes, downloads its invoices, pays, and answers: already paid, a payment date, a plan, a dispute, a question. Every reminder carries a link of its own; here you can make one to send yourself.',
  'portalLinks.create': 'Create and copy link',
  'portalLinks.creating': 'Creating…',
  'portalLinks.revoke': 'Revoke links',
  'portalLinks.revoking': 'Revoking…',
  'portalLinks.revokeConfirm': 'Revoke every link to this customer’s page, those in reminders already sent too? The customer will need a new link to open it.',
  'portalLinks.linkLabel': 'Link to the customer’s page',
  'portalLinks.copied': 'Copied to the clipboard. The link opens the page until {date}.',
  'portalLinks.copyByHand': 'Copy the link above by hand: the browser did not allow copying. It opens the page until {date}.',
  'portalLinks.revoked.one': '{count} link revoked: it no longer opens the page.',
  'portalLinks.revoked.other': '{count} links revoked: they no longer open the page.',
  'portalLinks.noneToRevoke': 'There was no live link to revoke.',
};

export const fr: Record<keyof typeof en, string> = {
  'portalLinks.title': 'Espace client',
  'portalLinks.help': 'Une page privée où ce client voit ce qu’il doit, télécharge ses factures, paie et répond : déjà payé, une date de paiement, un échéancier, une contestation, une question. Chaque relance porte son propre lien ; ici, vous pouvez en créer un à envoyer vous-même.',
  'portalLinks.create': 'Créer et copier le lien',
  'portalLinks.creating': 'Création…',
  'portalLinks.revoke': 'Révoquer les liens',
  'portalLinks.revoking': 'Révocation…',
  'portalLinks.revokeConfirm': 'Révoquer tous les liens vers l’espace de ce client, y compris ceux des relances déjà envoyées ? Le client aura besoin d’un nouveau lien pour l’ouvrir.',
  'portalLinks.linkLabel': 'Lien vers l’espace du client',
  'portalLinks.copied': 'Copié dans le presse-papiers. Le lien ouvre l’espace jusqu’au {date}.',
  'portalLinks.copyByHand': 'Copiez le lien ci-dessus à la main : le navigateur n’a pas permis la copie. Il ouvre l’espace jusqu’au {date}.',
  'portalLinks.revoked.one': '{count} lien révoqué : il n’ouvre plus l’espace.',
  'portalLinks.revoked.other': '{count} liens révoqués : ils n’ouvrent plus l’espace.',
  'portalLinks.noneToRevoke': 'Aucun lien valable à révoquer.',
};
