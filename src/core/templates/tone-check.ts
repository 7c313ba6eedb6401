import type { Bilingual, MessageLanguage } from '../scenarios/scenario.js';

/**
 * The wording that makes reminders fail, after the practice this product automates: vague
 * messages that do not say what is due or by when, apologies for asking to be paid,
 * accusations, guilt trips and shouting, and threats outside a formal notice. Clear, neutral
 * and factual is the aim.
 */
export type ToneCategory = 'vague' | 'apologetic' | 'accusatory' | 'threatening';

export interface ToneHint {
  readonly category: ToneCategory;
  /** The words as written in the template. */
  readonly text: string;
  readonly line: number;
  readonly column: number;
  /** A neutral wording to use instead, in the language of the match. */
  readonly suggestion: string;
  readonly why: Bilingual;
}

export interface ToneCheckOptions {
  /**
   * A formal notice (mise en demeure) or a hand-off notice states the consequences of not
   * paying, so legal wording is expected there; accusations and intimidation are still flagged.
   */
  readonly formal?: boolean;
  /**
   * The language the template is written in: only its rules apply. Without it every language's
   * rules apply, and the hints that are not tied to words (capitals, exclamation marks) take the
   * suggestion of the language the text reads as.
   */
  readonly language?: MessageLanguage;
}

export interface ToneRule {
  readonly category: ToneCategory;
  readonly language: MessageLanguage;
  readonly pattern: RegExp;
  readonly suggestion: string;
  /** Replaces the category's explanation when the rule needs its own. */
  readonly why?: Bilingual;
  /** "As soon as possible" is fine next to a date: flagged only when its sentence gives none. */
  readonly unlessDated?: boolean;
  /**
   * "Quickly" says nothing about a deadline in "we will answer quickly": flagged only in a
   * sentence that asks for something and gives no date.
   */
  readonly onlyInUndatedRequest?: boolean;
  /** Intimidation is no legal consequence: flagged in formal notices too. */
  readonly evenFormal?: boolean;
}

const WHY: Readonly<Record<ToneCategory, Bilingual>> = {
  vague: {
    en: 'Vague wording hides the request: say which invoice, how much and by when.',
    fr: 'Une formulation floue masque la demande : indiquez quelle facture, quel montant et pour quand.',
  },
  apologetic: {
    en: 'Asking to be paid what is due is normal; an apology makes the request sound optional.',
    fr: 'Demander le paiement de ce qui est dû est normal ; s’excuser rend la demande facultative.',
  },
  accusatory: {
    en: 'An accusation damages the relationship and does not get the invoice paid; state the facts.',
    fr: 'Une accusation abîme la relation sans faire payer la facture ; énoncez les faits.',
  },
  threatening: {
    en: 'Legal consequences belong in a formal notice, stated as facts, not in a reminder.',
    fr: 'Les suites juridiques ont leur place dans une mise en demeure, énoncées comme des faits, pas dans une relance.',
  },
};

const WHY_NO_DATE: Bilingual = {
  en: '"As soon as possible" sets no deadline, so the payment waits: give the date it is expected by.',
  fr: '« Dès que possible » ne fixe aucune échéance, le paiement attend donc : donnez la date attendue.',
};
const WHY_GUILT: Bilingual = {
  en: 'Making the customer feel guilty strains the relationship and is no reason to pay; state what is due and by when.',
  fr: 'Culpabiliser le client tend la relation sans lui donner de raison de payer ; dites ce qui est dû et pour quand.',
};
const WHY_INTIMIDATION: Bilingual = {
  en: 'Threats that are not the legal consequence of not paying (ruin, public exposure, police) are out of place in any message, formal notices included.',
  fr: 'Une menace qui n’est pas la suite légale d’un impayé (ruine, exposition publique, police) n’a sa place dans aucun message, mise en demeure comprise.',
};
const WHY_SHOUTING: Bilingual = {
  en: 'Capitals and repeated exclamation marks read as shouting; a calm, factual message gets paid sooner.',
  fr: 'Les majuscules et les points d’exclamation répétés se lisent comme des cris ; un message calme et factuel est payé plus vite.',
};

/** What the hints of each language suggest: the facts, and a date. */
const SUGGESTIONS: Readonly<Record<MessageLanguage, { state: string; date: string }>> = {
  fr: {
    state: 'Sauf erreur de notre part, la facture {numéro} du {date} reste à régler.',
    date: 'Merci de procéder au règlement avant le {date}, ou de nous indiquer la date de paiement prévue.',
  },
  en: {
    state: 'According to our records, invoice {number} due on {date} is still open.',
    date: 'Please pay by {date}, or let us know the date you plan to pay.',
  },
  nl: {
    state: 'Volgens onze gegevens staat factuur {nummer} van {datum} nog open.',
    date: 'Gelieve te betalen vóór {datum}.',
  },
  de: {
    state: 'Laut unseren Unterlagen ist die Rechnung {Nummer} vom {Datum} noch offen.',
    date: 'Bitte zahlen Sie bis zum {Datum}.',
  },
};

/** A letter of a word once normalized; "ß" stays as it is (see normalize). */
const LETTER = 'a-z0-9ßæœ';

type RuleExtras = Omit<ToneRule, 'category' | 'language' | 'pattern' | 'suggestion'>;

/**
 * Patterns are written lower case without accents; a space matches any run of white space,
 * "~" up to three words in between, and "ss" matches "ß" too.
 */
function rule(language: MessageLanguage, category: ToneCategory, pattern: string, extras: RuleExtras = {}): ToneRule {
  const source = pattern
    .replace(/ss/g, '(?:ss|ß)')
    .replace(/ ~ /g, '(?:\\s+\\S+){0,3}\\s+')
    .replace(/ /g, '\\s+');
  const kind = category === 'vague' || category === 'threatening' ? 'date' : 'state';
  // Whole words only: "tribunal" must not match in "tribunals", nor "court" in "courthouse".
  return {
    language,
    category,
    // A pattern may end on an elision ("qu'"), followed by the next word without a space.
    pattern: new RegExp(`(?<![${LETTER}])(?:${source})(?:(?<=')|(?![${LETTER}]))`, 'g'),
    suggestion: SUGGESTIONS[language][kind],
    ...extras,
  };
}

const NO_DATE = { unlessDated: true, why: WHY_NO_DATE } as const;
const WEAK_NO_DATE = { onlyInUndatedRequest: true, why: WHY_NO_DATE } as const;
/**
 * "Quickly and securely online" describes a way to pay, and "falls due soon" a pre-due notice;
 * neither is a deadline left open.
 */
const weak = (pattern: string) =>
  `(?<!(?:easily|simply|easy|simple|simplement|facilement|eenvoudig|veilig|einfach|bequem|sicher) (?:and|et|en|und) )(?:${pattern})` +
  '(?! (?:and|et|en|und|&) (?:easily|securely|safely|simply|easy|secure|simplement|facilement|en toute securite|eenvoudig|veilig|einfach|bequem|sicher)' +
  '| (?:online|en ligne|par carte|by card|per kaart|per karte|a echeance|(?:be )?due|vervalt|vervallen|fallig))(?<!due soon|arrive bientot|kurz vor)';
const GUILT = { why: WHY_GUILT } as const;
const INTIMIDATION = { evenFormal: true, why: WHY_INTIMIDATION } as const;

/** French elides "que", "de", "ne", "je", "le", "la"… before a vowel: "qu'une", "d'insister". */
const elided = (pattern: string) =>
  pattern
    .replace(/(?<![a-z])(qu|[dnjmtslc])e (?=[aeiouyh])/g, "$1(?:e |')")
    .replace(/(?<![a-z])que(?=[|)]|$)/g, "qu(?:e|')").replace(/(?<![a-z])la (?=[aeiouyh])/g, "l(?:a |')");
const fr = (category: ToneCategory, pattern: string, extras?: RuleExtras) => rule('fr', category, elided(pattern), extras);
const en = (category: ToneCategory, pattern: string, extras?: RuleExtras) => rule('en', category, pattern, extras);
const nl = (category: ToneCategory, pattern: string, extras?: RuleExtras) => rule('nl', category, pattern, extras);
const de = (category: ToneCategory, pattern: string, extras?: RuleExtras) => rule('de', category, pattern, extras);

export const TONE_RULES: readonly ToneRule[] = [
  // French: vague
  fr('vague', "(?:j'|je |nous |on )(?:espere|esperons)(?: sincerement| vivement)? que (?:tout va bien|vous allez bien|vous vous portez bien|ce message vous trouve)"),
  fr('vague', "(?:quand|lorsque|des que|si) vous (?:aurez|avez|en aurez|trouverez) (?:un moment|un petit moment|le temps|un peu de temps|une minute|un instant|l'occasion)"),
  fr('vague', '(?:quand|lorsque|des que) vous (?:le )?pourrez'),
  fr('vague', "(?:a|quand (?:cela|ca)|lorsque (?:cela|ca)) (?:votre convenance|vous (?:arrange|conviendra|convient))"),
  fr('vague', 'si (?:cela|ca) ne vous derange pas'),
  fr('vague', "rien ne presse|(?:il n'y a )?pas d'urgence|(?:ce n'est|c'est) pas (?:tres |bien )?urgent|sans urgence|pas de (?:pression|stress)"),
  fr('vague', "un de ces (?:jours|quatre)|a l'occasion(?! de| d')"),
  fr('vague', "il (?:semblerait|semble(?:rait)? bien) que|(?:il reste|il resterait|il y a(?:urait)?) (?:peut-etre )?(?:quelque chose|un petit quelque chose|un petit (?:solde|reliquat|montant)|une petite somme) (?:a regler|a payer|en suspens|en attente|d'impaye|de du)"),
  fr('vague', "je voulais (?:juste|simplement) (?:faire un point|savoir|verifier|revenir vers vous)|(?:petit|simple) point (?:rapide )?sur (?:votre|le) (?:compte|dossier)"),
  fr('vague', "des que possible|au plus vite|au plus tot|le plus tot possible|le plus (?:rapidement|vite) possible|(?:rapidement|vite) (?:possible|que possible)|dans les (?:meilleurs|plus brefs) delais|sans tarder|dans (?:un|le) (?:avenir|futur) proche|dans quelques (?:jours|semaines)", NO_DATE),
  fr('vague', weak("rapidement|promptement|vite|bientot|prochainement|d'ici peu|sous peu|dans les (?:prochains|jours) (?:jours|a venir|qui viennent)|rapide(?= reglement| paiement| retour)"), WEAK_NO_DATE),
  fr('vague', "(?:regl|pai|pay|vers|vir)[a-z]* ~ (?:si possible|si vous le pouvez|si vous pouvez|dans la mesure du possible)"),
  // French: apologetic
  fr('apologetic', "(?:desole|navre)e?s?(?:(?: de| pour)(?: vous)? (?:relancer|deranger|importuner|ennuyer|embeter|insister|cette relance|ce rappel|revenir vers vous|vous solliciter)| d'(?:insister|avoir a|importuner|etre))?"),
  fr('apologetic', "(?:excusez|pardonnez|excuse|pardonne)(?:-| )(?:nous|moi)|veuillez (?:nous|m') (?:excuser|pardonner)|(?:nous|je) (?:vous )?prions de (?:nous|m') excuser|nous nous excusons|je m'excuse|toutes nos excuses|(?:mille|nos plus plates|mes) excuses|pardon (?:de|d'|pour)"),
  fr('apologetic', "(?:je me permets|nous nous permettons) de (?:vous )?(?:relancer|revenir vers vous|deranger|importuner|insister|solliciter (?:a nouveau|encore|une nouvelle fois)|vous solliciter (?:a nouveau|encore|une nouvelle fois))"),
  fr('apologetic', "(?:je|nous) (?:ne )?(?:voudrais|voudrions|veux|voulons|souhaite|souhaitons) (?:surtout )?pas (?:vous )?(?:deranger|importuner|ennuyer|embeter|insister|etre (?:insistant|lourd|penible)s?|harceler|presser|bousculer)|sans vouloir (?:vous )?(?:deranger|importuner|insister|etre (?:insistant|lourd)s?|offenser|vous offenser|presser|vous presser|bousculer|vous bousculer|etre indiscret)"),
  fr('apologetic', "(?:cela|ca|il) (?:me|nous) (?:gene|ennuie|embete) ~ de|(?:cela|ca|il) (?:me|nous) (?:coute|est (?:penible|desagreable|difficile)) de|(?:je suis|nous sommes) (?:un peu |vraiment |tres )?(?:gene|genee|genes|embarrasse|embarrassee|embarrasses) de"),
  fr('apologetic', "(?:je|nous) (?:deteste|detestons|n'aime|n'aimons) (?:pas )?(?:devoir|relancer|vous relancer|insister|reclamer)|(?:nous regrettons|je regrette) (?:de devoir|d'avoir a|d'etre (?:oblige|contraint)s?)"),
  fr('apologetic', "(?:je sais|nous savons|je comprends|nous comprenons) (?:bien )?que vous (?:etes|avez) (?:tres |bien |surement |certainement )?(?:occupe|deborde|beaucoup (?:de travail|a faire|de choses))|(?:la gene|le derangement) occasionne|pour le derangement"),
  // French: accusatory, shaming, guilt
  fr('accusatory', 'vous abusez|abus(?:er|ez|e)? de (?:notre|ma) (?:confiance|patience|bienveillance|gentillesse)'),
  fr('accusatory', 'mauvaise foi|(?:mauvais|mauvaises?) payeu(?:r|rs|se|ses)|(?:payeur|client|debiteur)s? (?:indelicat|malhonnete)s?|indelicat(?:e|s|es)?'),
  fr('accusatory', "vous n'avez (?:toujours |meme |jamais |toujours meme )?pas (?:daigne|pris la peine|cru bon|juge (?:utile|bon))|(?:vous ne )?daign(?:ez|er|e)"),
  fr('accusatory', "vous avez (?:encore |une fois de plus |deliberement |sciemment |manifestement |visiblement )?(?:omis|neglige|ignore|refuse|choisi d'ignorer)|vous (?:ignorez|negligez|continuez a ignorer|persistez a ignorer) (?:nos|mes|tous|toutes|nos)|vous (?:faites|continuez a faire) la sourde oreille"),
  fr('accusatory', "negligen(?:ce|t|te|ts|tes)|(?:votre|cette) (?:desinvolture|legerete|incompetence|irresponsabilite|malhonnetete|attitude|comportement)|votre manque (?:total |flagrant )?de (?:serieux|professionnalisme|respect|rigueur|consideration)"),
  fr('accusatory', "(?:inadmissible|inacceptable|intolerable|scandaleu(?:x|se)|honteu(?:x|se)|irrespectueu(?:x|se)|irresponsable|malhonnete|ridicule|escroc|voleur|c'est une honte)s?"),
  fr('accusatory', "vous (?:vous )?moquez|vous nous prenez pour|(?:pour la|une) (?:enieme|nieme|centieme|dixieme|troisieme|quatrieme) fois|(?:une|encore une) (?:fois|nouvelle fois) de plus,? (?:vous|votre)|encore une fois,? (?:vous|votre)|comme (?:d'habitude|toujours|a votre habitude),? (?:vous|votre)|(?:toujours|systematiquement|constamment|sans cesse|chroniquement|encore) en retard|vous ne payez jamais|vous payez (?:toujours|systematiquement|encore) en retard"),
  fr('accusatory', "(?:notre|ma) patience (?:a des limites|est a bout|s'epuise|a atteint ses limites)|(?:nous sommes|je suis) (?:excede|excedes|a bout)|trop c'est trop|(?:ca|cela) suffit|(?:nous|j') en (?:avons|ai) assez|(?:ca|cela) devient (?:ridicule|insupportable|penible)"),
  fr('accusatory', "malgre (?:nos|mes) (?:nombreuses|multiples|innombrables|incessantes|repetees|maintes|trop nombreuses) (?:relances|demandes|rappels|sollicitations|courriers)|vous refusez (?:obstinement |toujours )?de (?:payer|regler)|sans (?:la moindre|aucune) (?:reponse|excuse|explication|reaction)"),
  fr('accusatory', "a cause de vous|(?:par|de) votre faute|vous (?:nous )?(?:mettez|mettriez) (?:notre (?:entreprise|societe|structure|tresorerie) |nous )?en (?:difficulte|peril|danger)|(?:mettre|met) en peril (?:notre|la survie)", GUILT),
  fr('accusatory', "(?:nous|je) ne (?:pouvons|peux|pourrons|pourrai) (?:plus |pas )?(?:pas )?payer (?:nos|mes) (?:salaries|employes|fournisseurs|charges|loyers?|equipes?)|(?:nous|je) (?:comptions|comptais|avions compte|avais compte) sur vous|nous vous (?:avions|avons) fait confiance|nous pensions pouvoir (?:vous faire confiance|compter sur vous)", GUILT),
  fr('accusatory', "vous nous (?:decevez|avez (?:beaucoup |tres )?decus?)|(?:nous sommes|je suis) (?:tres |profondement |vraiment |bien )?decue?s?|apres tout ce que (?:nous avons|j'ai) fait|une (?:petite|jeune) (?:entreprise|structure|societe) comme (?:la notre|nous|la mienne)|(?:nous sommes|je suis) une (?:petite|jeune|modeste) (?:entreprise|structure|societe|pme|tpe)|(?:notre|la) survie|mettez-vous a (?:notre|ma) place|vous devriez avoir honte|vous savez (?:tres|parfaitement) bien", GUILT),
  // French: threatening
  fr('threatening', '(?:dernier|ultime) avertissement|(?:derniere|ultime) chance|ultimatum'),
  fr('threatening', "poursuites?(?: judiciaires?)?|huissiers?|commissaires? de justice|(?:tribunal|tribunaux)|avocats?|(?:procedure|action|voie|mesure)s? (?:judiciaire|juridique|contentieuse|legale)s?|(?:en|la|devant la) justice|injonction de payer|(?:service|dossier) (?:du )?contentieux|(?:le|au) contentieux|saisies?|(?:societe|cabinet|agence|organisme) de recouvrement"),
  fr('threatening', "(?:tous les|par tous) (?:les )?moyens(?: legaux| a notre disposition)?|sans (?:autre|nouvel) (?:avis|preavis|avertissement)|(?:des )?consequences (?:graves|facheuses|serieuses|desagreables|lourdes)|vous aurez affaire a"),
  fr('threatening', "vous (?:le )?regretterez|vous allez (?:le )?regretter|(?:nous allons|on va|nous saurons) vous (?:ruiner|detruire|couler|faire couler)|ruiner|a vos risques et perils", INTIMIDATION),
  fr('threatening', "(?:inform|previen|preven|avert|contact|ecri)[a-z]* (?:a )?(?:tous |toutes )?(?:vos) (?:clients|fournisseurs|partenaires|banques?|banquiers?|salaries)|faire savoir a (?:tous )?vos|liste noire|fich(?:er|age|e|es|ons|erons) (?:a|aupres de) la banque de france|interdit bancaire|(?:porter|deposer|porterons|deposerons) plainte|plainte (?:penale|contre vous)|penalement|prison|emprisonnement|police(?! d)|gendarmerie|votre reputation|reseaux sociaux|avis negatifs?", INTIMIDATION),

  // English: vague
  en('vague', 'just (?:checking in|following up|touching base|circling back|wanted to (?:check|follow up|reach out|touch base|see))|touching base|circling back|(?:wanted to|just) reach(?:ing)? out'),
  en('vague', "when(?:ever)? you (?:get|have|find) (?:a|the) (?:chance|moment|minute|spare moment|time)|whenever you can|when you can|if you (?:get|have) (?:a|the) (?:chance|moment|time)|when(?:ever)? (?:it suits you|it's convenient|convenient)"),
  en('vague', 'at your (?:earliest )?convenience|at some point|some(?: )?time soon|no (?:rush|hurry|pressure)|(?:there is|there\'s) no (?:rush|hurry)|(?:it\'s|it is) not (?:urgent|a big deal)|in your own time'),
  en('vague', "(?:i |we )?hope (?:all is|everything is|you are|you're|this (?:email|message|letter|note) finds you|you've been|you have been) (?:well|doing well|fine|good)"),
  en('vague', "(?:i|we) (?:was|were) (?:just )?wondering|it (?:would )?seems? (?:that )?(?:there (?:is|may be|might be)|something)|(?:something|a (?:small|little) (?:amount|balance|sum)|a few (?:things|invoices)) (?:still )?(?:outstanding|open|unpaid|due|pending)"),
  en('vague', "as soon as (?:possible|you can|you are able|you're able|practicable)|asap|a\\.s\\.a\\.p\\.?|at the earliest opportunity|in the (?:near future|coming days|next few days)|(?:some(?: )?time|very) soon|without (?:further |undue )?delay|in a timely (?:manner|fashion)|before long", NO_DATE),
  en('vague', weak('quickly|promptly|soon|swiftly|speedily|shortly|in due course|prompt(?= payment| settlement| attention| response)'), WEAK_NO_DATE),
  en('vague', '(?:pay|settl|remit|transfer)[a-z]* ~ (?:if possible|if you can|if you could)'),
  // English: apologetic
  en('apologetic', "sorry(?: (?:to|for) (?:bother(?:ing)?|chas(?:e|ing)|troubl(?:e|ing)|disturb(?:ing)?|pester(?:ing)?|nag(?:ging)?|hassl(?:e|ing)|the reminder|this reminder|the inconvenience)(?: you)?)?|apolog(?:y|ies|i[sz]e|i[sz]es|i[sz]ing)|forgive (?:me|us)|pardon (?:me|us|the)|excuse (?:me|us) for|(?:please )?excuse (?:the|this|my|our) (?:interruption|intrusion|reminder|delay|follow-up|email)"),
  en('apologetic', "(?:i|we) hate to (?:ask|bother|chase|do this|be that|nag|remind|raise|write|trouble|push)|hate to (?:bother|chase|ask)|(?:i|we) (?:don't|do not|didn't|did not) (?:want|mean|wish|like) to (?:be a (?:pain|nuisance|bother)|bother|nag|pester|chase|hassle|push|trouble|impose|be pushy|keep asking|rush you|pressure you)"),
  en('apologetic', "(?:bother|bothering|trouble|troubling|disturb|disturbing|pester|pestering|nag|nagging|hassle|hassling|impose on|imposing on) you|(?:i|we) feel (?:so |really |a bit |quite )?(?:bad|awkward|terrible|uncomfortable|guilty)|(?:it's|it is|this is) (?:a bit |rather |so )?(?:awkward|embarrassing|uncomfortable)"),
  en('apologetic', "(?:i|we) hope you (?:don't|do not|won't) mind|if (?:it's|it is) not too much (?:trouble|to ask)|(?:i|we) regret (?:having to|to have to|that we have to|that i have to|to trouble|to bother)|(?:i'm|i am|we're|we are) afraid|(?:i|we) know (?:you're|you are|how) (?:very |so |really |extremely )?busy|(?:i|we) (?:really )?hate (?:asking|chasing|to)"),
  // English: accusatory, shaming, guilt
  en('accusatory', 'you (?:have )?(?:failed|neglected|omitted|forgot|chose not|refused|declined) to|you (?:have )?(?:ignored|disregarded|chosen to ignore)|you (?:keep|kept|continue to|continued to|still) (?:ignoring|ignore|ignored|avoiding|avoid|dodging)|stop (?:ignoring|avoiding|dodging)'),
  en('accusatory', 'bad faith|bad payers?|late payers?|deadbeats?|freeloaders?|scammers?|cheat(?:s|ing)?|thie(?:f|ves)|fraudsters?|dishonest(?:y)?|taking advantage(?: of)?'),
  en('accusatory', "(?:unacceptable|inexcusable|outrageous|disgraceful|shameful|shameless|scandalous|ridiculous|irresponsible|unprofessional|disrespectful|appalling|insulting)|(?:your|this) (?:negligence|carelessness|incompetence|irresponsibility|behaviou?r|attitude|disrespect)|your (?:complete |total |utter |continued )?(?:lack|disregard) of"),
  en('accusatory', "(?:always|constantly|habitually|repeatedly|chronically|consistently) (?:late|pay late|paying late|pays late|behind)|never (?:pay|paid|pays|paying) on time|you never pay|(?:once|yet) again,? (?:you|your)|(?:for the|this is the) (?:umpteenth|third|fourth|fifth|tenth|hundredth|nth|hundredth) time|how (?:many|often) (?:more )?(?:times|reminders)"),
  en('accusatory', "(?:we are|we're|i am|i'm) (?:getting )?(?:sick|tired|fed up)|sick and tired|fed up|enough is enough|(?:our|my) patience (?:is|has) (?:wearing thin|run out|running out|been exhausted|exhausted|at an end|its limits|limits)|how dare you|what were you thinking|you (?:obviously|clearly|apparently) (?:don't|do not|have no|think|seem)|you (?:seem to|appear to) think|you think you can"),
  en('accusatory', "despite (?:our |my )?(?:repeated|numerous|many|countless|multiple|several|endless|constant) (?:reminders|requests|attempts|letters|emails|calls|chasers)|you (?:refuse|refused|are refusing|continue to refuse) to pay|without (?:so much as )?(?:a|any) (?:word|reply|response|explanation|apology)"),
  en('accusatory', "because of you(?:r (?:delay|failure|late payment|negligence|non-payment))?|(?:you are|you're) (?:putting|jeopardi[sz]ing|hurting|harming|endangering|threatening) (?:our|my)|(?:we|i) (?:can't|cannot|could not|couldn't|won't be able to) (?:pay|make) (?:our|my) (?:staff|employees|payroll|suppliers|rent|bills|wages)|(?:our|my) (?:staff|employees|family|families|children|kids) (?:depend|rely|count)", GUILT),
  en('accusatory', "we (?:trusted|relied on|counted on|were counting on) you|(?:we are|we're|i am|i'm) (?:very |deeply |so |really |extremely |quite )?(?:disappointed|let down|hurt)|you (?:have )?let us down|after (?:all|everything) (?:we've|we have|i've|i have) done|a small (?:business|company|firm) like (?:ours|us|mine)|(?:we are|we're|i am|i'm|as) a (?:small|tiny|young|family) (?:business|company|firm)|(?:hurts|is hurting|harms|is harming|hits) (?:us|our)|our survival|how would you feel|put yourself in our (?:shoes|position)|you should be ashamed", GUILT),
  // English: threatening
  en('threatening', '(?:final|last) (?:warning|chance)|ultimatum|or else'),
  en('threatening', 'legal (?:action|proceedings|steps|measures|route|remedies|recourse)|(?:take|taking|bring|bringing) (?:you|this|the matter|this matter|the case) to court|courts?|sue|suing|lawsuits?|bailiffs?|lawyers?|attorneys?|solicitors?|debt collectors?|collection agenc(?:y|ies)|debt recovery agenc(?:y|ies)|seize|seizure|repossess(?:ion)?|county court judg(?:e)?ment|ccj|(?:will|shall) not hesitate to|without further (?:notice|warning)|(?:serious|severe|unpleasant) consequences'),
  en('threatening', "(?:we(?: will|'ll|'re going to| are going to) )?(?:ruin|destroy|damage|harm|hurt|tarnish) (?:your (?:credit|reputation|business|company|name|standing)|you)|we(?: will|'ll) ruin|credit (?:ratings?|scores?|bureaus?|bureaux|reference agenc(?:y|ies)|agenc(?:y|ies))|report you to|blacklist(?:ed)?|name and shame|(?:tell|inform|notify|contact|warn) (?:all )?your (?:customers|clients|suppliers|bank|partners|employer)|(?:publish|post|leave|write) (?:your name|an? (?:negative |bad )?reviews?|about you)|negative reviews?|you(?:'ll| will) regret|police|jail|prison|criminal|we know where", INTIMIDATION),

  // Dutch: vague
  nl('vague', 'hopelijk (?:gaat|is) alles goed|(?:ik|wij|we) (?:hoop|hopen) dat (?:alles|het) (?:goed )?(?:met u |bij u )?(?:goed )?(?:gaat|is)|(?:ik|wij|we) (?:hoop|hopen) dat u het goed maakt'),
  nl('vague', '(?:wanneer|als|zodra) u (?:even |eens )?tijd (?:heeft|hebt|vindt)|(?:wanneer|als|zodra) het u (?:uitkomt|past|schikt)|(?:wanneer|als|zodra) u (?:kunt|er aan toekomt|eraan toekomt)|geen haast|het heeft geen haast|geen druk|niet dringend|op een gelegen moment'),
  nl('vague', '(?:ik|wij|we) (?:wilde|wilden) (?:even|gewoon) (?:checken|navragen|polsen|informeren)|even checken|(?:het lijkt erop|blijkbaar|schijnbaar)(?: dat)?|(?:nog )?iets (?:open|openstaan|openstaat|te betalen|te voldoen)|een (?:klein|paar) (?:bedragje|openstaande|facturen|bedrag)'),
  nl('vague', 'zo (?:snel|spoedig|vlug|gauw) (?:als )?mogelijk|zo snel als u kunt|zsm|z\\.s\\.m\\.?|ten spoedigste|binnen afzienbare tijd|zonder (?:verder )?uitstel', NO_DATE),
  nl('vague', weak('eerstdaags|in de (?:komende|volgende) dagen|op (?:korte|afzienbare) termijn|snel|spoedig|binnenkort|vlug|gauw|weldra'), WEAK_NO_DATE),
  nl('vague', '(?:betal|voldo|overschrijv|overmak)[a-z]* ~ (?:indien mogelijk|als het kan|als u kunt|zo mogelijk)'),
  // Dutch: apologetic
  nl('apologetic', 'sorry(?: (?:dat|voor)(?: het storen)?)?|excuses|excuseer|excuseert u|verontschuldig(?:en|ing|ingen|t)?|neem (?:het )?(?:ons|me|mij) niet kwalijk|het spijt (?:ons|me|mij)(?: dat)?|pardon'),
  nl('apologetic', '(?:wij|we|ik) (?:willen|wil|wilden|wilde) (?:u )?(?:echt )?niet (?:lastigvallen|lastig vallen|storen|opdringerig zijn|aandringen|zeuren|pushen)|(?:u )?(?:lastig te vallen|te storen)|(?:het )?storen|vervelend (?:om|dat (?:ik|we|wij))|(?:ik|we|wij) durf(?:t|en)? (?:het )?(?:bijna )?niet|(?:ik weet|we weten|wij weten|wij begrijpen|we begrijpen) dat u het (?:erg |heel |zeer )?druk'),
  // Dutch: accusatory, shaming, guilt
  nl('accusatory', 'u (?:heeft|hebt) (?:het )?(?:nagelaten|verzuimd|genegeerd|verwaarloosd|geweigerd)|u (?:heeft|hebt) ~ (?:genegeerd|verwaarloosd)|(?:u )?negeert|(?:blijft|bleef) (?:u )?(?:negeren|ontwijken)|nalatig(?:heid)?|(?:uw|deze) (?:onverschilligheid|onbetrouwbaarheid|gedrag|houding)|(?:uw )?gebrek aan (?:respect|professionaliteit|ernst)'),
  nl('accusatory', 'kwade trouw|onaanvaardbaar|onacceptabel|ontoelaatbaar|schandalig|schande|belachelijk|onverantwoord(?:elijk)?|oneerlijk|oplichter(?:s|ij)?|dief|dieven|wanbetaler(?:s)?|slechte betaler(?:s)?|misbruik (?:maken )?van (?:ons|onze) (?:vertrouwen|geduld|goedheid)'),
  nl('accusatory', '(?:altijd|steeds|telkens|weer|alweer|opnieuw|structureel|chronisch) (?:te laat|achterstallig|in gebreke)|u betaalt nooit|(?:voor )?de zoveelste (?:keer|maal)|(?:ons|mijn) geduld (?:is op|raakt op|is ten einde|heeft grenzen)|(?:we zijn|wij zijn|ik ben) het (?:beu|zat|meer dan zat)|genoeg is genoeg|het is genoeg geweest|ondanks (?:al )?(?:onze )?(?:talrijke|herhaalde|vele|meerdere|talloze|voortdurende|zoveel) (?:herinneringen|aanmaningen|verzoeken|brieven|mails|e-mails)|ondanks al onze (?:herinneringen|aanmaningen)|u weigert|(?:maakt|houdt) (?:ons|u ons) voor de gek'),
  nl('accusatory', 'door uw (?:schuld|toedoen|nalatigheid|wanbetaling)|door u (?:kunnen|komen|zitten)|(?:wij|we|ik) (?:kunnen|kan) (?:onze|mijn) (?:medewerkers|werknemers|personeel|leveranciers|huur|lonen|rekeningen) niet (?:meer )?betalen|(?:wij|we) (?:hadden|rekenden) op u|(?:we|wij|ik) (?:zijn|ben) (?:erg |zeer |diep |echt )?teleurgesteld|u (?:heeft|hebt) ons (?:in de steek gelaten|teleurgesteld)|(?:wij|we) vertrouwden u|een klein(?:e)? (?:bedrijf|onderneming|zaak|kmo) als (?:de onze|wij|het onze)|(?:wij zijn|we zijn|ik ben) (?:maar )?een (?:klein(?:e)? )?(?:bedrijf|onderneming|zaak|kmo|familiebedrijf)|na alles wat (?:wij|we|ik) voor u|u zou zich moeten schamen', GUILT),
  // Dutch: threatening
  nl('threatening', 'laatste (?:waarschuwing|kans)|ultimatum|gerechtelijke (?:stappen|procedure|invordering|weg)|juridische (?:stappen|procedure|weg|maatregelen)|(?:naar|voor) de (?:rechter|rechtbank)|rechtbank|deurwaarder(?:s)?|advoca(?:at|ten)|incassobureau(?:s)?|incassopartner|uit handen (?:geven|gegeven)|beslag(?:legging)?|dagvaard(?:ing|en)|(?:zullen|gaan) (?:wij|we) niet aarzelen|(?:wij|we) (?:zullen|gaan) niet aarzelen|ernstige gevolgen|zonder (?:verdere|nieuwe) (?:verwittiging|waarschuwing|aankondiging)'),
  nl('threatening', '(?:ruineren|kapotmaken|kapot)|zwarte lijst|uw (?:reputatie|kredietwaardigheid|goede naam)|(?:uw )?(?:klanten|leveranciers|bank) (?:inlichten|informeren|op de hoogte brengen)|spijt (?:van )?krijgen|politie|aangifte|gevangenis|strafrechtelijk', INTIMIDATION),

  // German: vague
  de('vague', 'ich hoffe,? (?:es geht ihnen gut|alles ist gut|bei ihnen ist alles|sie hatten)|(?:wir hoffen|ich hoffe),? (?:dass )?(?:es ihnen gut geht|alles in ordnung ist)'),
  de('vague', 'wenn sie (?:mal |einmal |kurz )?(?:zeit|gelegenheit) (?:haben|finden)|wenn es ihnen (?:passt|recht ist|moglich ist)|wann immer es ihnen|bei gelegenheit|gelegentlich|keine eile|es eilt nicht|(?:kein|ohne) (?:stress|druck)|nicht dringend|irgendwann'),
  de('vague', '(?:ich|wir) (?:wollte|wollten|mochte|mochten) (?:nur |mal )?(?:kurz )?(?:nachfragen|nachhaken|anfragen|erinnern)|nur kurz nachhaken|es scheint(?:,)? (?:als|dass)|anscheinend|(?:noch )?etwas (?:offen|zu zahlen|zu begleichen)|ein (?:kleiner|kleines) (?:betrag|betragchen|rest|restbetrag)'),
  de('vague', 'baldmoglichst|baldigst|schnellstmoglich|schnellstens|so (?:schnell|bald|rasch|zugig) wie moglich|so (?:schnell|bald) sie konnen|moglichst (?:bald|schnell|rasch|zeitnah|zugig)|in absehbarer zeit|ohne (?:weitere )?verzogerung', NO_DATE),
  de('vague', weak('in kurze|zeitnah(?:e|en|er)?|in (?:den )?(?:nachsten|kommenden) tagen|schnell(?:e|en|er)?|bald(?:ige|igen|iger)?|zugig(?:e|en|er)?|rasch(?:e|en|er)?|kurzfristig(?:e|en|er)?'), WEAK_NO_DATE),
  de('vague', '(?:zahl|bezahl|begleich|uberweis)[a-z]* ~ (?:wenn moglich|falls moglich|wenn sie konnen|nach moglichkeit)'),
  // German: apologetic
  de('apologetic', 'entschuldig(?:en|ung|e|t|te|ten)?|verzeih(?:en|ung|t)?|es tut (?:uns|mir) (?:sehr |wirklich |aufrichtig )?leid|sorry|(?:stor(?:en|e|ung)|belastig(?:en|e|ung)|behellig(?:en|e|ung))|ungern|es ist (?:uns|mir) (?:sehr |etwas |wirklich )?(?:unangenehm|peinlich)|(?:wir|ich) bedauer(?:n|e),? (?:ihnen|sie)'),
  de('apologetic', '(?:wir|ich) (?:mochten|mochte|wollen|will) (?:ihnen|sie) (?:wirklich )?(?:nicht|ungern) (?:drangen|nerven|auf die nerven gehen|zur last fallen|lastig fallen)|(?:ich weiss|wir wissen),? dass sie (?:sehr |viel )?(?:viel zu tun|beschaftigt|eingespannt)'),
  // German: accusatory, shaming, guilt
  de('accusatory', 'sie haben es versaumt|sie haben ~ (?:ignoriert|missachtet)|sie haben (?:unsere (?:mahnungen|erinnerungen|schreiben) |uns )?(?:ignoriert|missachtet|vernachlassigt|versaumt)|(?:ignorieren|missachten) sie|sie ignorieren|sie weigern sich|sie (?:halten|nehmen) uns (?:zum narren|nicht ernst)|sie zahlen nie'),
  de('accusatory', 'boswillig|unverschamt(?:heit)?|frechheit|dreist(?:igkeit)?|inakzeptabel|unakzeptabel|unzumutbar|skandal(?:os)?|unverantwortlich|unserios|unzuverlassig(?:keit)?|respektlos|nachlassig(?:keit)?|(?:ihre|ihr) (?:gleichgultigkeit|zahlungsmoral|zahlungsunwilligkeit|ignoranz|verhalten|mangel an)|schlechte(?:r|n)? (?:zahler|zahlungsmoral)|zahlungsunwillig(?:e|er|en)?|betruger|abzocke'),
  de('accusatory', '(?:schon|wieder|erneut|immer) wieder (?:zu spat|verspatet|nicht|keine)|(?:schon )?wieder einmal,? (?:haben|sind|zahlen) sie|zum (?:wiederholten|x-ten|zigsten|dritten|vierten|funften|hundertsten) (?:mal|male)|(?:unsere|meine) geduld (?:ist|hat) (?:am ende|erschopft|grenzen|zu ende)|es reicht|(?:wir haben|ich habe) (?:es |jetzt |nun )?(?:genug|die nase voll|es satt)|trotz (?:unserer )?(?:mehrfacher|zahlreicher|wiederholter|mehrerer|vieler|unzahliger|standiger|etlicher) (?:mahnungen|erinnerungen|aufforderungen|schreiben|anrufe)'),
  de('accusatory', 'ihretwegen|wegen ihnen|durch ihr verschulden|ihre schuld|(?:wir|ich) (?:konnen|kann) (?:unsere|meine) (?:mitarbeiter|angestellten|lieferanten|lohne|gehalter|miete|rechnungen) nicht (?:mehr )?(?:bezahlen|zahlen)|(?:wir|ich) (?:haben|habe|hatten|hatte) (?:ihnen )?vertraut|auf sie (?:gezahlt|gesetzt|verlassen)|(?:wir sind|ich bin) (?:sehr |zutiefst |schwer |wirklich )?enttauscht|sie haben uns (?:enttauscht|im stich gelassen)|ein kleine(?:s|r)? (?:unternehmen|betrieb|firma|familienbetrieb) wie (?:unseres|wir|unser|unsere)|(?:wir sind|ich bin) (?:nur )?ein (?:kleine(?:s|r) )?(?:unternehmen|betrieb|familienbetrieb|handwerksbetrieb)|nach allem,? was (?:wir|ich)|sie sollten sich schamen', GUILT),
  // German: threatening
  de('threatening', 'letzte (?:warnung|chance|gelegenheit)|ultimatum|gerichtliche(?:n|s)? (?:schritte|mahnverfahren|verfahren|weg|massnahmen)|rechtliche(?:n)? (?:schritte|konsequenzen|massnahmen)|(?:vor )?gericht|verklagen|klage|mahnbescheid|gerichtsvollzieher|(?:rechts)?anwalt(?:e|en|s)?|anwaltskanzlei|inkasso(?:buro|unternehmen|firma|dienst|agentur|verfahren)?|pfandung|zwangsvollstreckung|schufa|(?:werden|wurden) wir nicht (?:zogern|zuruckschrecken)|(?:wir werden|werden wir) nicht (?:zogern|zuruckschrecken)|konsequenzen|ohne weitere (?:ankundigung|vorwarnung|mahnung)'),
  de('threatening', '(?:ruinieren|fertigmachen|vernichten)|schwarze(?:n)? liste|(?:ihre|ihren) (?:kunden|lieferanten|bank|geschaftspartner) (?:informieren|benachrichtigen|warnen)|(?:ihr|ihren) (?:ruf|ruf schadigen|kreditwurdigkeit|bonitat)|bereuen|polizei|strafanzeige|anzeige erstatten|gefangnis|strafrechtlich', INTIMIDATION),
];

/**
 * Lower case without accents, one character for one character, so that a match found in the
 * normalized text sits at the same index in the original.
 */
function normalize(text: string): string {
  let out = '';
  for (const ch of text) {
    let n = ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
    if (ch === '\u2019' || ch === '\u2018' || ch === '\u02bc') n = "'";
    if (ch === '\u00a0' || ch === '\u202f') n = ' ';
    // Keep the index mapping exact for the rare characters that change length.
    out += n.length === ch.length ? n : ch;
  }
  return out;
}

/** Liquid comments are notes for the author, never sent: blank them out, keeping line breaks. */
function blankComments(text: string): string {
  const blank = (s: string) => s.replace(/[^\n]/g, ' ');
  return text.replace(/{%-?\s*comment\s*-?%}[\s\S]*?{%-?\s*endcomment\s*-?%}/g, blank).replace(/{%-?\s*#[\s\S]*?%}/g, blank);
}

/** Liquid tags ({% if … %}) are logic, not words the customer reads ("late_fees" is no "late"). */
function blankTags(text: string): string {
  return text.replace(/{%[\s\S]*?%}/g, (s) => s.replace(/[^\n]/g, ' '));
}

function positionOf(text: string, index: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < index; i += 1) {
    if (text[i] === '\n') {
      line += 1;
      lineStart = i + 1;
    }
  }
  return { line, column: index - lineStart + 1 };
}

const MONTHS =
  'janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre|' +
  'january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|' +
  'januari|februari|maart|mei|augustus|' +
  'januar|februar|marz|maerz|dezember';
const WEEKDAYS =
  'lundi|mardi|mercredi|jeudi|vendredi|monday|tuesday|wednesday|thursday|friday|maandag|dinsdag|woensdag|donderdag|vrijdag|montag|dienstag|mittwoch|donnerstag|freitag';
const PERIOD_UNITS = "jours?|jours ouvres|jours ouvrables|days?|business days|working days|dagen|dag|werkdagen|tage|tagen|werktage|werktagen|semaines?|weeks?|weken|wochen?|mois|months?|maanden|monate?n?";
const NUMBER_WORDS = 'deux|trois|cinq|sept|huit|dix|quinze|trente|two|three|five|seven|eight|ten|fourteen|fifteen|thirty|twee|drie|vijf|zeven|acht|tien|veertien|vijftien|dertig|zwei|drei|funf|sieben|zehn|vierzehn|funfzehn|dreissig';

/** A date or a period in a sentence: then "as soon as possible" no longer stands alone. */
const DATED = new RegExp(
  [
    '(?<![\\w-])\\d{1,2}[./]\\d{1,2}(?:[./]\\d{2,4})?(?![\\w-])',
    '(?<![\\w-])\\d{4}-\\d{2}-\\d{2}(?![\\w-])',
    `(?<![\\w-])\\d{1,2}(?:er|st|nd|rd|th|e|\\.)?\\s+(?:${MONTHS})(?![a-z])`,
    `(?<![a-z])(?:${MONTHS})\\s+\\d{1,2}(?!\\d)`,
    `(?<![\\w-])(?:\\d+|${NUMBER_WORDS})\\s+(?:${PERIOD_UNITS})(?![a-z])`,
    `(?<![a-z])(?:${WEEKDAYS})(?![a-z])`,
    'pay_by|due_date|long_date',
    "fin (?:du|de|de ce) mois|end of (?:the |this )?month|einde van de maand|(?:monatsende|ende des monats|ende dieses monats)|cette semaine|this week|deze week|diese woche|aujourd'hui|today|vandaag|heute|demain|tomorrow|morgen",
  ].join('|'),
);

/** A sentence that asks the reader for something (payment, an answer). */
const REQUEST = new RegExp(
  // Whole words only: "betaal" is no request in "betaallink".
  '(?<![a-z])(?:' +
  [
    "merci de|merci d'|veuillez|(?:nous|j') esper|nous souhaitons|reconnaissant|nous vous (?:prions|demandons|remercions|invitons)|je vous (?:prie|demande|remercie|invite)|(?:pourriez|pouvez|pourrez)(?:-| )vous|nous attendons|j'attends|nous comptons sur|reglez|payez|versez|effectuez",
    'please|kindly|grateful|appreciate it if|if you could|we ask|we hope|i hope|we trust|we request|i ask|(?:could|would|can|will) you|we expect|we look forward|we would appreciate|i would appreciate|(?:^|\\W)(?:pay|settle|transfer|send|remit) ',
    'gelieve|dankbaar|op prijs stellen|graag (?:ontvangen|zien|vernemen|uw|betaling|uiterlijk|binnen|het bedrag)|(?:wij|we|ik) (?:zouden|zou|willen|wil) graag|(?:wij|we|ik) hoop|(?:wij|we) verwachten|(?:wij|we) hopen|(?:wij|we) rekenen op|(?:wij|we|ik) (?:vragen|vraag|verzoeken|verzoek) u|verzoeke|(?:kunt|wilt|zou) u|betaal |maak (?:het|dit|de) ',
    'bitte|dankbar|(?:wir|ich) (?:bitten|bitte|ersuchen|erwarten|hoffen|hoffe)|(?:bitten|ersuchen|erwarten) wir|(?:konnten|wurden|konnen|wollen) sie|zahlen sie|uberweisen sie|begleichen sie',
  ].join('|') +
  ')',
);

/** The spans between sentence ends, paragraph breaks, section markers and HTML blocks. */
function sentenceAround(text: string, start: number, end: number): string {
  const boundary = /(?<!\d)[.!?](?=\s|$)|\n[ \t]*\n|^--- .*$|<\/?(?:p|li|div|h\d|tr|td|ul|ol|table)\b[^>]*>|<br\s*\/?>/gm;
  let from = 0;
  let to = text.length;
  for (const match of text.matchAll(boundary)) {
    const at = match.index;
    if (at + match[0].length <= start) from = at + match[0].length;
    else if (at >= end) {
      to = at;
      break;
    }
  }
  return text.slice(from, to);
}

// Words that shout when written in capitals, even alone: requests, urgency, blame.
const SHOUT_WORDS_BY_LANGUAGE: Readonly<Record<MessageLanguage, readonly string[]>> = {
  fr: "urgent urgente urgence immediatement maintenant aujourd'hui payez payer reglez regler jamais dernier derniere retard impaye impayee impayes impayees doit devez vous votre".split(' '),
  en: 'urgent immediately immediate now today pay never last final overdue unpaid must you your warning'.split(' '),
  nl: 'betaal betalen nu onmiddellijk dringend vandaag laatste nooit achterstallig onbetaald moet moeten uw'.split(' '),
  de: 'sofort zahlen bezahlen heute letzte niemals uberfallig unbezahlt muss mussen sie ihre dringend'.split(' '),
};
const SHOUT_WORDS = new Set(Object.values(SHOUT_WORDS_BY_LANGUAGE).flat());
// Words that make a run of capitals a sentence rather than a name or an address ("RUE DE LA PAIX").
const SENTENCE_WORDS = new Set(
  'vous nous votre vos est sont pas ne doit devez faut svp you your we is are not will have has please u uw wij we zijn niet wordt sie ihre ihr wir ist sind nicht bitte'.split(' '),
);
// Capitals that are names of things, not shouting.
const ACRONYMS = new Set(
  'iban bic swift sepa tva vat btw ust siret siren rcs naf ape lrar sarl sas sasu eurl snc sa sprl srl bv bvba nv vof gmbh ag kg ohg ug ev pdf html sms eur usd gbp chf kbo bce rpm insee urssaf cgv kvk hrb hra faq url www cet utc ttc ht tel fax ref nr'.split(' '),
);

interface Span {
  readonly start: number;
  readonly end: number;
}

/** Runs of capitals that shout, and repeated exclamation marks. Works on the text as written. */
function shouting(text: string): Span[] {
  const spans: Span[] = [];
  const word = /[\p{L}][\p{L}'’]*/gu;
  let run: Array<{ start: number; end: number; key: string }> = [];
  const closeRun = () => {
    if (run.length === 0) return;
    const keys = run.map((entry) => entry.key);
    const shouts = keys.some((key) => SHOUT_WORDS.has(key)) || (run.length >= 3 && keys.some((key) => SENTENCE_WORDS.has(key)));
    if (shouts) spans.push({ start: run[0]!.start, end: run[run.length - 1]!.end });
    run = [];
  };
  let previousEnd = 0;
  for (const match of text.matchAll(word)) {
    const token = match[0];
    const start = match.index;
    const between = text.slice(previousEnd, start);
    // A run of capitals stops at a line break, a colon (a label before a name) or a word in lower case.
    if (/[\n:]/.test(between)) closeRun();
    previousEnd = start + token.length;
    const letters = token.replace(/['’]/g, '');
    const capitals = letters === letters.toUpperCase() && letters !== letters.toLowerCase();
    const key = normalize(token);
    // Single capitals ("À", "U") and acronyms ("IBAN") neither start nor stop a run.
    if (!capitals) closeRun();
    else if (letters.length >= 2 && !ACRONYMS.has(key.replace(/'/g, ''))) run.push({ start, end: previousEnd, key });
  }
  closeRun();
  for (const match of text.matchAll(/!(?:\s*!)+|\?\s*!|!\s*\?/g)) spans.push({ start: match.index, end: match.index + match[0].length });
  return spans;
}

const STOPWORDS: Readonly<Record<MessageLanguage, ReadonlySet<string>>> = {
  fr: new Set('le la les des du et vous nous est une votre vos pour merci facture au avec sur pas que'.split(' ')),
  en: new Set('the and you your we is of to for please invoice our with this by are not that'.split(' ')),
  nl: new Set('het een en u uw wij we van voor niet factuur met op is dat deze zijn te'.split(' ')),
  de: new Set('der die das und sie ihre wir ist nicht bitte rechnung mit zu den dem ein eine'.split(' ')),
};
// English first: a text with no telling word gets the English suggestion.
const GUESS_ORDER = ['en', 'fr', 'nl', 'de'] as const;

/** The language the text reads as, by its most common small words (and, in a short shout, its shouted ones). */
function guessLanguage(normalized: string): MessageLanguage {
  const counts: Record<MessageLanguage, number> = { fr: 0, en: 0, nl: 0, de: 0 };
  for (const word of normalized.match(/[a-zß']+/g) ?? []) {
    for (const language of GUESS_ORDER) {
      if (STOPWORDS[language].has(word)) counts[language] += 1;
      if (SHOUT_WORDS_BY_LANGUAGE[language].includes(word)) counts[language] += 0.5;
    }
  }
  return GUESS_ORDER.reduce<MessageLanguage>((best, language) => (counts[language] > counts[best] ? language : best), 'en');
}

/**
 * Flags vague, apologetic, accusatory and (outside formal notices) threatening wording in a
 * template, with its place and a neutral alternative. Hints, not errors: a person decides.
 */
export function checkTone(source: string, options: ToneCheckOptions = {}): ToneHint[] {
  const visible = blankTags(blankComments(source));
  const text = normalize(visible);
  const found: Array<Span & { category: ToneCategory; language: MessageLanguage; suggestion: string; why: Bilingual }> = [];
  const language = options.language ?? guessLanguage(text);
  for (const toneRule of TONE_RULES) {
    if (options.language && toneRule.language !== options.language) continue;
    if (toneRule.category === 'threatening' && options.formal && !toneRule.evenFormal) continue;
    for (const match of text.matchAll(toneRule.pattern)) {
      const start = match.index;
      const end = start + match[0].length;
      if (toneRule.unlessDated || toneRule.onlyInUndatedRequest) {
        const sentence = sentenceAround(text, start, end);
        if (DATED.test(sentence)) continue;
        if (toneRule.onlyInUndatedRequest && !REQUEST.test(sentence)) continue;
      }
      found.push({ start, end, category: toneRule.category, language: toneRule.language, suggestion: toneRule.suggestion, why: toneRule.why ?? WHY[toneRule.category] });
    }
  }
  for (const span of shouting(visible)) found.push({ ...span, category: 'accusatory', language, suggestion: SUGGESTIONS[language].state, why: WHY_SHOUTING });
  // Several rules can cover the same words ("sorry", "sorry to bother you"): one hint, on the
  // longest wording, is enough; for the same words ("sorry" is English and German), the rule of
  // the text's language, so its suggestion reads in that language.
  const own = (hit: { language: MessageLanguage }) => (hit.language === language ? 0 : 1);
  found.sort((a, b) => b.end - b.start - (a.end - a.start) || own(a) - own(b) || a.start - b.start);
  const taken: Span[] = [];
  const hints: ToneHint[] = [];
  for (const hit of found) {
    if (taken.some((span) => hit.start < span.end && hit.end > span.start)) continue;
    taken.push(hit);
    hints.push({ category: hit.category, text: source.slice(hit.start, hit.end), ...positionOf(source, hit.start), suggestion: hit.suggestion, why: hit.why });
  }
  return hints.sort((a, b) => a.line - b.line || a.column - b.column);
}
