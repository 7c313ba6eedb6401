import type { Bilingual, MessageLanguage } from '../scenarios/scenario.js';

/**
 * The wording that makes reminders fail, after the practice this product automates: vague
 * messages that do not say what is due, apologies for asking to be paid, accusations, and
 * threats outside a formal notice. Clear, neutral and factual is the aim.
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
   * paying, so legal wording is expected there; accusations are still flagged.
   */
  readonly formal?: boolean;
}

interface ToneRule {
  readonly category: ToneCategory;
  readonly language: MessageLanguage;
  readonly pattern: RegExp;
  readonly suggestion: string;
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

/** Patterns are written lower case without accents; a space matches any run of white space. */
function rule(language: MessageLanguage, category: ToneCategory, pattern: string, suggestion: string): ToneRule {
  // Whole words only: "tribunal" must not match in "tribunals", nor "court" in "courthouse".
  return { language, category, pattern: new RegExp(`(?<![a-z0-9])${pattern.replace(/ /g, '\\s+')}(?![a-z0-9])`, 'g'), suggestion };
}

const FR_STATE = 'Sauf erreur de notre part, la facture {numéro} du {date} reste à régler.';
const FR_DATE = 'Merci de procéder au règlement avant le {date}, ou de nous indiquer la date de paiement prévue.';
const EN_STATE = 'According to our records, invoice {number} due on {date} is still open.';
const EN_DATE = 'Please pay by {date}, or let us know the date you plan to pay.';

export const TONE_RULES: readonly ToneRule[] = [
  // French
  rule('fr', 'vague', "(?:j'|nous |on )(?:espere|esperons)(?: sincerement)? que (?:tout va bien|vous allez bien|vous vous portez bien)", FR_STATE),
  rule('fr', 'vague', 'quand vous (?:aurez|avez) (?:un moment|le temps|une minute|un instant)', FR_DATE),
  rule('fr', 'vague', 'des que (?:vous le pourrez|vous pourrez|possible)', FR_DATE),
  rule('fr', 'vague', 'si (?:cela|ca) ne vous derange pas', FR_DATE),
  rule('fr', 'apologetic', '(?:desole|desolee|desoles|navre|navree|navres)s? (?:de|pour) (?:vous )?(?:relancer|deranger|importuner|ennuyer|insister|cette relance|ce rappel)', FR_STATE),
  rule('fr', 'apologetic', '(?:excusez|pardonnez)(?:-| )(?:nous|moi) de', FR_STATE),
  rule('fr', 'apologetic', 'nous nous excusons de', FR_STATE),
  rule('fr', 'apologetic', 'je me permets de (?:vous relancer|revenir vers vous|vous deranger)', FR_STATE),
  rule('fr', 'accusatory', 'vous abusez', FR_STATE),
  rule('fr', 'accusatory', 'abus(?:er|ez|e)? de (?:notre|ma) (?:confiance|patience|bienveillance)', FR_STATE),
  rule('fr', 'accusatory', 'mauvaise foi', FR_STATE),
  rule('fr', 'accusatory', 'mauvais payeurs?', FR_STATE),
  rule('fr', 'accusatory', "vous n'avez (?:toujours |meme )?pas (?:daigne|pris la peine)", FR_STATE),
  rule('fr', 'accusatory', '(?:inadmissible|inacceptable|intolerable)', FR_STATE),
  rule('fr', 'accusatory', 'malgre nos (?:nombreuses|multiples|innombrables|incessantes) relances', FR_STATE),
  rule('fr', 'accusatory', 'vous refusez de (?:payer|regler)', FR_STATE),
  rule('fr', 'threatening', '(?:dernier|ultime) avertissement', FR_DATE),
  rule('fr', 'threatening', 'poursuites?(?: judiciaires?)?', FR_DATE),
  rule('fr', 'threatening', 'huissiers?', FR_DATE),
  rule('fr', 'threatening', '(?:tribunal|tribunaux)', FR_DATE),
  rule('fr', 'threatening', 'vous (?:le )?regretterez', FR_DATE),
  // English
  rule('en', 'vague', 'just (?:checking in|following up|touching base|wanted to check)', EN_STATE),
  rule('en', 'vague', 'touching base', EN_STATE),
  rule('en', 'vague', 'when(?:ever)? you (?:get|have) (?:a|the) (?:chance|moment|minute|time)', EN_DATE),
  rule('en', 'vague', 'whenever you can', EN_DATE),
  rule('en', 'vague', 'at your (?:earliest )?convenience', EN_DATE),
  rule('en', 'vague', "(?:i |we )?hope (?:all is|everything is|you are|you're|this (?:email|message|letter) finds you) (?:well|doing well|fine)", EN_STATE),
  rule('en', 'apologetic', "sorry (?:to|for) (?:bother|bothering|chase|chasing|trouble|troubling|disturb|disturbing|the reminder|this reminder|the inconvenience)(?: you)?", EN_STATE),
  rule('en', 'apologetic', '(?:apologies|we apologi[sz]e|i apologi[sz]e) for (?:the|this|another) (?:reminder|chasing|follow-up|email)', EN_STATE),
  rule('en', 'apologetic', 'i hate to (?:bother|chase|ask)', EN_STATE),
  rule('en', 'apologetic', "(?:don't|do not) (?:want|mean) to (?:be a pain|bother you|nag|pester)", EN_STATE),
  rule('en', 'accusatory', 'you (?:have )?(?:failed|neglected) to', EN_STATE),
  rule('en', 'accusatory', 'you (?:have )?(?:ignored|disregarded)', EN_STATE),
  rule('en', 'accusatory', 'bad faith', EN_STATE),
  rule('en', 'accusatory', '(?:unacceptable|inexcusable)', EN_STATE),
  rule('en', 'accusatory', 'despite (?:our )?(?:repeated|numerous|many|countless) (?:reminders|requests)', EN_STATE),
  rule('en', 'accusatory', 'you (?:refuse|refused|are refusing) to pay', EN_STATE),
  rule('en', 'accusatory', 'taking advantage of', EN_STATE),
  rule('en', 'threatening', '(?:final|last) warning', EN_DATE),
  rule('en', 'threatening', 'legal (?:action|proceedings)', EN_DATE),
  rule('en', 'threatening', 'bailiffs?', EN_DATE),
  rule('en', 'threatening', 'we will sue', EN_DATE),
  rule('en', 'threatening', 'blacklist', EN_DATE),
  rule('en', 'threatening', '(?:damage|harm|hurt) your credit', EN_DATE),
  // Dutch
  rule('nl', 'vague', 'hopelijk (?:gaat|is) alles goed', 'Volgens onze gegevens staat factuur {nummer} van {datum} nog open.'),
  rule('nl', 'vague', '(?:wanneer|als) u (?:even )?tijd (?:heeft|hebt)', 'Gelieve te betalen vóór {datum}.'),
  rule('nl', 'apologetic', '(?:sorry|excuses|het spijt (?:ons|me)) (?:dat|voor|om)', 'Volgens onze gegevens staat factuur {nummer} van {datum} nog open.'),
  rule('nl', 'accusatory', 'u (?:heeft|hebt) (?:het )?nagelaten', 'Volgens onze gegevens staat factuur {nummer} van {datum} nog open.'),
  rule('nl', 'accusatory', '(?:kwade trouw|onaanvaardbaar)', 'Volgens onze gegevens staat factuur {nummer} van {datum} nog open.'),
  rule('nl', 'threatening', '(?:laatste waarschuwing|gerechtelijke (?:stappen|procedure)|deurwaarder|rechtbank)', 'Gelieve te betalen vóór {datum}.'),
  // German
  rule('de', 'vague', 'ich hoffe,? (?:es geht ihnen gut|alles ist gut|bei ihnen ist alles)', 'Laut unseren Unterlagen ist die Rechnung {Nummer} vom {Datum} noch offen.'),
  rule('de', 'vague', 'wenn sie (?:mal )?zeit haben', 'Bitte zahlen Sie bis zum {Datum}.'),
  rule('de', 'apologetic', '(?:entschuldigen sie|entschuldigung|es tut (?:uns|mir) leid|sorry fur)', 'Laut unseren Unterlagen ist die Rechnung {Nummer} vom {Datum} noch offen.'),
  rule('de', 'accusatory', 'sie haben es versaumt', 'Laut unseren Unterlagen ist die Rechnung {Nummer} vom {Datum} noch offen.'),
  rule('de', 'accusatory', '(?:boswillig|unverschamt|inakzeptabel)', 'Laut unseren Unterlagen ist die Rechnung {Nummer} vom {Datum} noch offen.'),
  rule('de', 'threatening', '(?:letzte warnung|gerichtliche schritte|gerichtsvollzieher)', 'Bitte zahlen Sie bis zum {Datum}.'),
];

/**
 * Lower case without accents, one character for one character, so that a match found in the
 * normalized text sits at the same index in the original.
 */
function normalize(text: string): string {
  let out = '';
  for (const ch of text) {
    let n = ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
    if (ch === '\u2019' || ch === '\u2018') n = "'";
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

/**
 * Flags vague, apologetic, accusatory and (outside formal notices) threatening wording in a
 * template, with its place and a neutral alternative. Hints, not errors: a person decides.
 */
export function checkTone(source: string, options: ToneCheckOptions = {}): ToneHint[] {
  const text = normalize(blankComments(source));
  const hints: ToneHint[] = [];
  const taken: Array<[number, number]> = [];
  for (const toneRule of TONE_RULES) {
    if (toneRule.category === 'threatening' && options.formal) continue;
    for (const match of text.matchAll(toneRule.pattern)) {
      const start = match.index;
      const end = start + match[0].length;
      // Two rules can cover the same words ("touching base"); one hint is enough.
      if (taken.some(([from, to]) => start < to && end > from)) continue;
      taken.push([start, end]);
      hints.push({
        category: toneRule.category,
        text: source.slice(start, end),
        ...positionOf(source, start),
        suggestion: toneRule.suggestion,
        why: WHY[toneRule.category],
      });
    }
  }
  return hints.sort((a, b) => a.line - b.line || a.column - b.column);
}
