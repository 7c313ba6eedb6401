/** Word lists the demo builds fictional French and Belgian companies and people from. */

export const FRENCH_SURNAMES = [
  'Martin', 'Bernard', 'Thomas', 'Petit', 'Robert', 'Richard', 'Durand', 'Dubois', 'Moreau', 'Laurent',
  'Simon', 'Michel', 'Lefèvre', 'Leroy', 'Roux', 'David', 'Bertrand', 'Morel', 'Fournier', 'Girard',
  'Bonnet', 'Dupont', 'Lambert', 'Fontaine', 'Rousseau', 'Vincent', 'Muller', 'Lefebvre', 'Faure', 'André',
  'Mercier', 'Blanc', 'Guérin', 'Boyer', 'Garnier', 'Chevalier', 'François', 'Legrand', 'Gauthier', 'Garcia',
  'Perrin', 'Robin', 'Clément', 'Morin', 'Nicolas', 'Henry', 'Roussel', 'Mathieu', 'Gautier', 'Masson',
  'Marchand', 'Duval', 'Denis', 'Dumont', 'Marie', 'Lemaire', 'Noël', 'Meyer', 'Dufour', 'Meunier',
  'Brun', 'Blanchard', 'Giraud', 'Joly', 'Rivière', 'Lucas', 'Brunet', 'Gaillard', 'Barbier', 'Arnaud',
  'Martinez', 'Gérard', 'Roche', 'Renard', 'Schmitt', 'Roy', 'Leroux', 'Colin', 'Vidal', 'Caron',
  'Picard', 'Roger', 'Fabre', 'Aubert', 'Lemoine', 'Renaud', 'Dumas', 'Lacroix', 'Olivier', 'Philippe',
  'Bourgeois', 'Pierre', 'Benoît', 'Rey', 'Leclerc', 'Payet', 'Rolland', 'Leclercq', 'Guillaume', 'Lecomte',
  'Vasseur', 'Hubert', 'Carpentier', 'Poulain', 'Tessier', 'Marechal', 'Charpentier', 'Besson', 'Prévost', 'Collet',
];

export const FRENCH_FIRST_NAMES = [
  'Camille', 'Léa', 'Manon', 'Chloé', 'Inès', 'Sarah', 'Julie', 'Emma', 'Claire', 'Nathalie',
  'Isabelle', 'Sophie', 'Aurélie', 'Élodie', 'Céline', 'Marion', 'Pauline', 'Laura', 'Anne', 'Valérie',
  'Thomas', 'Nicolas', 'Julien', 'Maxime', 'Antoine', 'Hugo', 'Lucas', 'Pierre', 'Alexandre', 'Romain',
  'Sébastien', 'Mathieu', 'Olivier', 'Christophe', 'Laurent', 'Karim', 'Mehdi', 'Yann', 'Benoît', 'Guillaume',
];

export const BELGIAN_DUTCH_SURNAMES = [
  'Peeters', 'Janssens', 'Maes', 'Jacobs', 'Mertens', 'Willems', 'Claes', 'Goossens', 'Wouters', 'De Smet',
  'Vermeulen', 'Van Damme', 'Hermans', 'Pauwels', 'Aerts', 'Van den Broeck', 'Declercq', 'Verstraete', 'Desmet', 'Coppens',
];

export const BELGIAN_FRENCH_SURNAMES = [
  'Dubois', 'Lambert', 'Dupont', 'Martin', 'Simon', 'Leclercq', 'Laurent', 'Renard', 'Lejeune', 'Collignon',
  'Dumont', 'Lemaire', 'Wauters', 'Denis', 'François', 'Henrard', 'Gilson', 'Noël', 'Michaux', 'Pirard',
];

export const BELGIAN_DUTCH_FIRST_NAMES = ['Sofie', 'Lien', 'Annelies', 'Eline', 'Jonas', 'Pieter', 'Wouter', 'Bram', 'Koen', 'Tine'];

export const GERMAN_SURNAMES = ['Müller', 'Schneider', 'Fischer', 'Weber', 'Becker', 'Hoffmann', 'Schäfer', 'Koch', 'Richter', 'Wagner'];

export const GERMAN_FIRST_NAMES = ['Anna', 'Katrin', 'Julia', 'Stefan', 'Markus', 'Jens', 'Tobias', 'Sabine'];

export const ENGLISH_FIRST_NAMES = ['Emily', 'Olivia', 'James', 'Daniel', 'Rachel', 'Andrew', 'Laura', 'Mark'];

/** Trades written before a surname: "Boulangerie Martin". */
export const FRENCH_TRADES = [
  'Boulangerie', 'Garage', 'Transports', 'Imprimerie', 'Menuiserie', 'Plomberie', 'Pharmacie', 'Librairie',
  'Cabinet', 'Atelier', 'Maison', 'Fromagerie', 'Charcuterie', 'Électricité', 'Ambulances', 'Taxis',
  'Carrosserie', 'Boucherie', 'Opticien', 'Agence', 'Quincaillerie', 'Pépinières', 'Serrurerie', 'Déménagements',
];

/** Activities written after a name: "Leroy Logistique". */
export const FRENCH_ACTIVITIES = [
  'Logistique', 'Bâtiment', 'Conseil', 'Distribution', 'Industrie', 'Services', 'Immobilier', 'Énergie',
  'Ingénierie', 'Environnement', 'Emballages', 'Négoce', 'Froid', 'Aménagement', 'Travaux publics', 'Santé',
];

export const BRAND_STEMS = [
  'Nova', 'Alti', 'Optima', 'Axi', 'Vega', 'Lumi', 'Hexa', 'Cyber', 'Terra', 'Aqua',
  'Sigma', 'Orbi', 'Praxi', 'Valo', 'Dyna', 'Méta', 'Kali', 'Zen', 'Eco', 'Proxi',
];

export const BRAND_ENDINGS = ['tec', 'lys', 'sys', 'gest', 'log', 'med', 'form', 'net', 'plast', 'via', 'data', 'com'];

export const FRENCH_LEGAL_FORMS = ['SAS', 'SARL', 'SA', 'EURL', 'SASU'];

export const PLACES = [
  'du Rhône', 'de la Loire', 'du Val de Marne', 'de Provence', 'du Littoral', 'des Alpes', 'de la Gare',
  'du Centre', "d'Armor", 'de Bourgogne', 'des Flandres', 'du Vexin', 'de Sologne', 'du Lac',
];

export const ENGLISH_BRANDS = ['Northwind', 'Blue Harbor', 'Crestline', 'Redwood', 'Brightwater', 'Ironbridge', 'Kingsley', 'Oakmont'];

export const DUTCH_TRADES = ['Bakkerij', 'Transport', 'Drukkerij', 'Garage', 'Schrijnwerkerij', 'Apotheek', 'Bouwbedrijf', 'Brouwerij'];

export const BELGIAN_FRENCH_TRADES = ['Boulangerie', 'Transports', 'Imprimerie', 'Garage', 'Menuiserie', 'Brasserie', 'Construction', 'Pharmacie'];

export const PUBLIC_BODIES = ['Mairie de', 'Centre hospitalier de', 'Communauté de communes de', 'Office de tourisme de', 'Syndicat des eaux de'];

export interface City {
  name: string;
  postcode: string;
}

export const FRENCH_CITIES: City[] = [
  { name: 'Paris', postcode: '75011' }, { name: 'Paris', postcode: '75015' }, { name: 'Lyon', postcode: '69003' },
  { name: 'Marseille', postcode: '13008' }, { name: 'Toulouse', postcode: '31000' }, { name: 'Nantes', postcode: '44000' },
  { name: 'Bordeaux', postcode: '33000' }, { name: 'Lille', postcode: '59000' }, { name: 'Rennes', postcode: '35000' },
  { name: 'Strasbourg', postcode: '67000' }, { name: 'Grenoble', postcode: '38000' }, { name: 'Montpellier', postcode: '34000' },
  { name: 'Dijon', postcode: '21000' }, { name: 'Angers', postcode: '49000' }, { name: 'Tours', postcode: '37000' },
  { name: 'Clermont-Ferrand', postcode: '63000' }, { name: 'Rouen', postcode: '76000' }, { name: 'Villeurbanne', postcode: '69100' },
  { name: 'Annecy', postcode: '74000' }, { name: 'Nancy', postcode: '54000' }, { name: 'Metz', postcode: '57000' },
  { name: 'Orléans', postcode: '45000' }, { name: 'Caen', postcode: '14000' }, { name: 'Limoges', postcode: '87000' },
  { name: 'Brest', postcode: '29200' }, { name: 'Reims', postcode: '51100' }, { name: 'Le Mans', postcode: '72000' },
  { name: 'Saint-Étienne', postcode: '42000' }, { name: 'Pau', postcode: '64000' }, { name: 'Valence', postcode: '26000' },
];

export const BELGIAN_DUTCH_CITIES: City[] = [
  { name: 'Antwerpen', postcode: '2000' }, { name: 'Gent', postcode: '9000' }, { name: 'Leuven', postcode: '3000' },
  { name: 'Brugge', postcode: '8000' }, { name: 'Mechelen', postcode: '2800' }, { name: 'Hasselt', postcode: '3500' },
  { name: 'Kortrijk', postcode: '8500' }, { name: 'Aalst', postcode: '9300' },
];

export const BELGIAN_FRENCH_CITIES: City[] = [
  { name: 'Bruxelles', postcode: '1000' }, { name: 'Liège', postcode: '4000' }, { name: 'Namur', postcode: '5000' },
  { name: 'Charleroi', postcode: '6000' }, { name: 'Mons', postcode: '7000' }, { name: 'Wavre', postcode: '1300' },
];

export const FRENCH_STREETS = [
  'rue de la République', 'avenue Jean Jaurès', 'rue Victor Hugo', 'boulevard Gambetta', 'rue du Général de Gaulle',
  'rue des Tanneurs', 'place de la Mairie', 'rue Pasteur', 'avenue de la Gare', 'rue des Artisans',
  'chemin des Vignes', 'rue du Moulin', 'impasse des Lilas', 'allée des Tilleuls', 'quai des Chartrons',
  'rue de la Paix', 'avenue Foch', 'rue Nationale', 'zone artisanale des Prés', "rue de l'Industrie",
];

export const DUTCH_STREETS = ['Kerkstraat', 'Stationsstraat', 'Molenstraat', 'Nieuwstraat', 'Dorpstraat', 'Schoolstraat', 'Industrieweg', 'Kouter'];

export const BELGIAN_FRENCH_STREETS = ['rue de la Station', "chaussée de Louvain", 'rue du Marché', 'avenue Louise', "rue de l'Église", 'boulevard du Souverain'];

export const DISPUTE_REASONS = [
  'customer says the work was not accepted',
  'purchase order number missing on the invoice',
  'number of days billed disputed',
  'deliverable incomplete according to the customer',
  'price differs from the signed quote',
];
