import { describe, expect, it } from 'vitest';
import type { PlainDate } from '../plain-date.js';
import { followUpUnanswered, MAX_CALL_ATTEMPTS } from './call-attempts.js';

const d = (s: string) => s as PlainDate;
// Whit Monday 2025, the one holiday these cases cross.
const FRANCE = { holidays: { isHoliday: (date: PlainDate) => date === '2025-06-09' } };

describe('what follows an unanswered call', () => {
  it('calls again two business days later, after the weekend', () => {
    expect(followUpUnanswered(1, d('2025-06-13'), FRANCE)).toEqual({ kind: 'retry', attempt: 2, dueOn: '2025-06-17' });
  });

  it('skips a public holiday and honours another delay', () => {
    // Friday 6 June 2025 + 1 business day: Monday 9 is Whit Monday.
    expect(followUpUnanswered(2, d('2025-06-06'), FRANCE, 1)).toEqual({ kind: 'retry', attempt: 3, dueOn: '2025-06-10' });
  });

  it(`gives up after ${MAX_CALL_ATTEMPTS} unanswered calls`, () => {
    expect(followUpUnanswered(MAX_CALL_ATTEMPTS, d('2025-06-13'), FRANCE)).toEqual({ kind: 'unreachable', attempts: 3 });
  });

  it('refuses a delay that is not a whole number of business days, naming the field', () => {
    expect(() => followUpUnanswered(1, d('2025-06-13'), FRANCE, 0)).toThrow(expect.objectContaining({ place: { field: 'retry_in_days' } }));
  });
});
