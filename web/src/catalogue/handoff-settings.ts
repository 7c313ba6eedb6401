/** Labels of one area of the web app; merged into the catalogue by ../messages.ts.
 * This one: the hand-off step's default partner in the settings, and what an approved hand-off step did. */
export const en = {
  'handoffPartner.title': 'Hand-off step',
  'handoffPartner.help':
    'What the scenario’s hand-off step does when a case reaches it (once approved, when the step needs approval): hand the case to an agency working on Relance on the terms below, or leave a task for a person who chooses the partner and the terms.',
  'handoffPartner.partner': 'Hand cases to',
  'handoffPartner.nobody': 'Nobody: make a task for a person',
  'handoffPartner.noAgencies': 'No agency works on this Relance yet: the hand-off step leaves a task for a person.',
  'handoffPartner.termDays': 'Length of each mandate (days)',
  'handoffPartner.termDaysHelp': 'Each mandate ends this many days after the hand-off; leave empty for a mandate that runs until it is ended or the case taken back.',
  'handoffPartner.refused.termDays': 'Enter a whole number of days from 1 to 3650, or leave it empty.',
  'handoffPartner.save': 'Save the hand-off step',
  'handoffPartner.savedTo': 'Saved: the hand-off step hands cases to {partner}.',
  'handoffPartner.savedNobody': 'Saved: the hand-off step leaves a task for a person.',
  'handoffPartner.fixFields': 'Nothing was saved: see the messages under the fields.',

  'tasks.approvedHandedTo': 'Approved: {title}. The case is handed to {partner}; your own reminders stop while the mandate lasts.',
  'tasks.approvedHandedOff': 'Approved: {title}. The case is handed to the partner; your own reminders stop while the mandate lasts.',
  'tasks.bulkHandedOff.one': '{count} case handed to the partner: your own reminders stop while the mandate lasts.',
  'tasks.bulkHandedOff.other': '{count} cases handed to the partner: your own reminders stop while the mandates last.',
};

export const fr: Record<keyof typeof en, string> = {
  'handoffPartner.title': 'Étape de transmission',
  'handoffPartner.help':
    'Ce que fait l’étape de transmission du scénario quand un dossier l’atteint (une fois approuvée, si l’étape demande une approbation) : transmettre le dossier à une agence qui travaille sur Relance aux conditions ci-dessous, ou laisser une tâche à une personne qui choisit le partenaire et les conditions.',
  'handoffPartner.partner': 'Transmettre les dossiers à',
  'handoffPartner.nobody': 'Personne : créer une tâche pour une personne',
  'handoffPartner.noAgencies': 'Aucune agence ne travaille encore sur ce Relance : l’étape de transmission laisse une tâche à une personne.',
  'handoffPartner.termDays': 'Durée de chaque mandat (jours)',
  'handoffPartner.termDaysHelp': 'Chaque mandat prend fin ce nombre de jours après la transmission ; laissez vide pour un mandat qui dure jusqu’à sa fin ou la reprise du dossier.',
  'handoffPartner.refused.termDays': 'Saisissez un nombre entier de jours entre 1 et 3650, ou laissez vide.',
  'handoffPartner.save': 'Enregistrer l’étape de transmission',
  'handoffPartner.savedTo': 'Enregistré : l’étape de transmission transmet les dossiers à {partner}.',
  'handoffPartner.savedNobody': 'Enregistré : l’étape de transmission laisse une tâche à une personne.',
  'handoffPartner.fixFields': 'Rien n’a été enregistré : voyez les messages sous les champs.',

  'tasks.approvedHandedTo': 'Approuvé : {title}. Le dossier est transmis à {partner} ; vos propres relances s’arrêtent le temps du mandat.',
  'tasks.approvedHandedOff': 'Approuvé : {title}. Le dossier est transmis au partenaire ; vos propres relances s’arrêtent le temps du mandat.',
  'tasks.bulkHandedOff.one': '{count} dossier transmis au partenaire : vos propres relances s’arrêtent le temps du mandat.',
  'tasks.bulkHandedOff.other': '{count} dossiers transmis au partenaire : vos propres relances s’arrêtent le temps des mandats.',
};
