import type { PortalLanguage } from '../portal-pages.js';
import { de } from './de.js';
import { en } from './en.js';
import { fr } from './fr.js';
import { nl } from './nl.js';
import type { PortalWords } from './portal-words.js';

/** The page's words in each language it speaks. */
export const PORTAL_WORDS: Readonly<Record<PortalLanguage, PortalWords>> = { fr, en, nl, de };

/** Each language named in itself, for the language switch. */
export const LANGUAGE_NAMES: Readonly<Record<PortalLanguage, string>> = { fr: 'Français', en: 'English', nl: 'Nederlands', de: 'Deutsch' };
