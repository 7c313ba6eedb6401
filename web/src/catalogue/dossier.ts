/** Labels of one area of the web app; merged into the catalogue by ../messages.ts.
 * This one: the customer page's card that downloads the customer's case file. */
export const en = {
  'dossier.title': 'Case file',
  'dossier.help':
    'Everything an agency, a lawyer or a court needs, in one ZIP: the statement of account, every open invoice on file, the letters and registered letters sent with proof of sending, the timeline of exchanges (PDF and spreadsheet), disputes, promises and payment plans, the late interest and indemnity, and a list of the files with their fingerprints.',
  'dossier.download': 'Download the case file',
  'dossier.downloading': 'Preparing the case file…',
  'dossier.done': 'The case file is downloaded: {fileName}.',
};

export const fr: Record<keyof typeof en, string> = {
  'dossier.title': 'Dossier de recouvrement',
  'dossier.help':
    'Tout ce dont une agence, un avocat ou un tribunal a besoin, dans un seul ZIP : le relevé de compte, chaque facture ouverte disponible, les courriers et recommandés envoyés avec la preuve de l’envoi, l’historique des échanges (PDF et tableur), les litiges, promesses et échéanciers, les pénalités de retard et l’indemnité, et la liste des fichiers avec leurs empreintes.',
  'dossier.download': 'Télécharger le dossier',
  'dossier.downloading': 'Préparation du dossier…',
  'dossier.done': 'Le dossier est téléchargé : {fileName}.',
};
