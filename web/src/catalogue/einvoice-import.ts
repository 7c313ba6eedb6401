/** Labels of one area of the web app; merged into the catalogue by ../messages.ts.
 * This one: e-invoices (UBL, Factur-X, ZUGFeRD) on the import page, and their problems in words. */
export const en = {
  'import.kind.einvoice': 'E-invoices (XML or PDF)',
  'import.einvoice.fileHelp': 'A UBL invoice or credit note (Peppol), a Factur-X or ZUGFeRD XML, or the PDF invoice that carries one, whatever its name. The customer is found by its SIREN, VAT number or name, or created; the amount due is what is collected.',
  'import.field.total': 'the grand total',
  'import.field.amount_due': 'the amount due',
  'import.reason.not_an_einvoice': 'the file is not an e-invoice: send a UBL invoice or credit note, a Factur-X or ZUGFeRD XML, or the PDF that carries one',
  'import.reason.malformed_xml': 'the file is not well-formed XML, so nothing in it can be read',
  'import.reason.xml_doctype_refused': 'the file declares a document type, which no e-invoice does: it is refused unread, for safety',
  'import.reason.einvoice_file_too_large': 'the file is larger than any invoice can be',
  'import.reason.pdf_without_einvoice': 'the PDF carries no Factur-X or ZUGFeRD invoice: import the XML, or attach the PDF to an invoice already recorded',
  'import.reason.einvoice_missing_element': 'an element the invoice needs is missing or empty: {expected}',
  'import.reason.einvoice_not_a_date': 'the element {expected} holds ‘{value}’, which is not a date',
  'import.reason.einvoice_not_an_amount': 'the element {expected} holds ‘{value}’, which is not an amount',
  'import.reason.einvoice_not_a_currency': 'the element {expected} holds ‘{value}’, which is not a currency code',
  'import.reason.einvoice_number_twice': 'number ‘{value}’ is also in {expected}, with other values',
  'import.reason.ambiguous_buyer': 'the buyer ‘{value}’ could be several customers ({expected}): give each its own registration and VAT numbers',
  'import.reason.nothing_left_to_pay': 'nothing is left to pay on ‘{value}’, so it is not imported',
};

export const fr: Record<keyof typeof en, string> = {
  'import.kind.einvoice': 'Factures électroniques (XML ou PDF)',
  'import.einvoice.fileHelp': 'Une facture ou un avoir UBL (Peppol), un XML Factur-X ou ZUGFeRD, ou la facture PDF qui en porte un, quel que soit son nom. Le client est retrouvé par son SIREN, son numéro de TVA ou son nom, ou créé ; c’est le montant à payer qui est recouvré.',
  'import.field.total': 'le total TTC',
  'import.field.amount_due': 'le montant à payer',
  'import.reason.not_an_einvoice': 'le fichier n’est pas une facture électronique : envoyez une facture ou un avoir UBL, un XML Factur-X ou ZUGFeRD, ou le PDF qui en porte un',
  'import.reason.malformed_xml': 'le fichier n’est pas un XML bien formé : rien ne peut y être lu',
  'import.reason.xml_doctype_refused': 'le fichier déclare un type de document, ce que ne fait aucune facture électronique : il est refusé sans être lu, par sécurité',
  'import.reason.einvoice_file_too_large': 'le fichier est plus gros que ne peut l’être une facture',
  'import.reason.pdf_without_einvoice': 'le PDF ne porte aucune facture Factur-X ou ZUGFeRD : importez le XML, ou joignez le PDF à une facture déjà enregistrée',
  'import.reason.einvoice_missing_element': 'un élément nécessaire à la facture manque ou est vide : {expected}',
  'import.reason.einvoice_not_a_date': 'l’élément {expected} contient « {value} », qui n’est pas une date',
  'import.reason.einvoice_not_an_amount': 'l’élément {expected} contient « {value} », qui n’est pas un montant',
  'import.reason.einvoice_not_a_currency': 'l’élément {expected} contient « {value} », qui n’est pas un code de devise',
  'import.reason.einvoice_number_twice': 'le numéro « {value} » figure aussi dans {expected}, avec d’autres valeurs',
  'import.reason.ambiguous_buyer': 'l’acheteur « {value} » peut être plusieurs clients ({expected}) : donnez à chacun ses propres numéros SIREN et de TVA',
  'import.reason.nothing_left_to_pay': 'il ne reste rien à payer sur « {value} » : ce document n’est pas importé',
};
