import { addDays, type PlainDate } from '../plain-date.js';

/** A step of an agency's scenario: due `day` days after the case was handed to it. */
export interface AgencyStepRule {
  key: string;
  day: number;
}

export type AgencyStepChoice<S extends AgencyStepRule> =
  | { kind: 'due'; step: S; previousOn: PlainDate | null }
  | { kind: 'waiting'; step: S; from: PlainDate }
  | { kind: 'done' };

/**
 * The step of an agency's scenario due on a case, one at a time as in the creditor's own run:
 * the lowest step not yet taken, once its day has come and at least `minimumGapDays` after the
 * previous letter. A case handed long ago opens with the first letter, never the last notice,
 * and a late first letter pushes the reminder back rather than following it the next day.
 */
export function agencyStepDue<S extends AgencyStepRule>(
  steps: readonly S[],
  startsOn: PlainDate,
  asOf: PlainDate,
  taken: ReadonlyMap<string, PlainDate>,
  minimumGapDays: number,
): AgencyStepChoice<S> {
  let previousOn: PlainDate | null = null;
  for (const step of steps) {
    const takenOn = taken.get(step.key);
    if (takenOn !== undefined) {
      previousOn = takenOn;
      continue;
    }
    const dayDue = addDays(startsOn, step.day);
    const gapDue = previousOn === null ? dayDue : addDays(previousOn, minimumGapDays);
    const from = dayDue > gapDue ? dayDue : gapDue;
    return asOf >= from ? { kind: 'due', step, previousOn } : { kind: 'waiting', step, from };
  }
  return { kind: 'done' };
}
