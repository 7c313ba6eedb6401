import { AppError } from '../app-error.js';

/** One letter of an agency's scenario as the agency set it: sent or not, and on which day after the hand-off. */
export interface AgencyScenarioStepSetting {
  key: string;
  day: number;
  enabled: boolean;
}

export const AGENCY_STEP_DAY_MAX = 365;

interface StepWords {
  en: string;
  fr: string;
}

/**
 * Checks an agency's steps against its scenario's letters (`known`, in their order, with their
 * built-in day): each letter at most once and in that order, a whole day from 0 to 365, the days
 * of the letters sent strictly increasing, at least one letter sent. A letter left out is not
 * sent. Returns every letter in order; a refusal names the JSON field (`steps[1].day`).
 */
export function checkAgencyScenarioSteps(
  input: readonly AgencyScenarioStepSetting[],
  known: readonly { key: string; day: number; words: StepWords }[],
): AgencyScenarioStepSetting[] {
  let lastIndex = -1;
  let previous = null as { day: number; words: StepWords } | null;
  const given = new Map<string, AgencyScenarioStepSetting>();
  for (const [i, step] of input.entries()) {
    const index = known.findIndex((letter) => letter.key === step.key);
    if (index < 0) refuse(`steps[${i}].key`, `is not a letter of the scenario: ${known.map((letter) => letter.key).join(', ')}`, `n’est pas une lettre du scénario`);
    const letter = known[index]!;
    if (index <= lastIndex) refuse(`steps[${i}].key`, `the ${letter.words.en} is given twice or out of order`, `la lettre « ${letter.words.fr} » est donnée deux fois ou dans le désordre`);
    lastIndex = index;
    if (!Number.isInteger(step.day) || step.day < 0 || step.day > AGENCY_STEP_DAY_MAX) {
      refuse(`steps[${i}].day`, `the ${letter.words.en} goes on a whole day from 0 to ${AGENCY_STEP_DAY_MAX}`, `la lettre « ${letter.words.fr} » part un jour entier de 0 à ${AGENCY_STEP_DAY_MAX}`);
    }
    if (step.enabled && previous !== null && step.day <= previous.day) {
      refuse(
        `steps[${i}].day`,
        `the ${letter.words.en} must go after the ${previous.words.en} (day ${previous.day}): pick a later day`,
        `la lettre « ${letter.words.fr} » doit partir après « ${previous.words.fr} » (jour ${previous.day}) : choisissez un jour plus tardif`,
      );
    }
    if (step.enabled) previous = { day: step.day, words: letter.words };
    given.set(step.key, { key: step.key, day: step.day, enabled: step.enabled });
  }
  if (previous === null) refuse('steps', 'at least one letter must be sent', 'au moins une lettre doit partir');
  return known.map((letter) => given.get(letter.key) ?? { key: letter.key, day: letter.day, enabled: false });
}

function refuse(field: string, en: string, fr: string): never {
  throw new AppError('validation_failed', en, { field }, { localized: { en: capitalized(en), fr: capitalized(fr) } });
}

function capitalized(sentence: string): string {
  return `${sentence[0]!.toUpperCase()}${sentence.slice(1)}.`;
}
