import { describe, expect, it } from 'vitest';
import { newStepDraft, placeIssues, scenarioDocument, sortByOffset, withStepIds, type StepDraft } from '../web/src/components/scenario-draft.js';

function draft(key: string, offset: string, extra: Partial<StepDraft> = {}): StepDraft {
  return { ...newStepDraft(), key, id: key, offset, ...extra };
}

describe('scenario editor working copy', () => {
  it('orders steps by day, keeps the order of steps on one day, and puts a step without a valid day last', () => {
    const steps = [draft('letter', '15'), draft('typo', '1x'), draft('email', '15'), draft('early', '-5'), draft('empty', '')];
    expect(sortByOffset(steps).map((step) => step.key)).toEqual(['early', 'letter', 'email', 'typo', 'empty']);
  });

  it('names new steps after their English name, never twice the same, and never renames a saved step', () => {
    const steps = withStepIds([
      draft('a', '1', { id: 'relance-a-echeance' }),
      draft('b', '2', { id: '', name: { fr: 'Relance à échéance', en: '' } }),
      draft('c', '3', { id: '', name: { fr: 'Appel', en: 'Call the buyer!' } }),
      draft('d', '4', { id: '', name: { fr: '', en: '' }, channel: 'call_task' }),
      draft('e', '5', { id: '', name: { fr: 'Appel', en: 'Call the buyer' } }),
    ]);
    expect(steps.map((step) => step.id)).toEqual(['relance-a-echeance', 'relance-a-echeance-2', 'call-the-buyer', 'call-task', 'call-the-buyer-2']);
  });

  it('sends a minimum balance typed the French way as a decimal amount, and segments whole, commas and all', () => {
    const segments = [' smb ', '', 'Retail, North', 'smb'];
    const document = scenarioDocument({ id: 'x', name: { fr: 'X', en: 'X' }, description: null }, [draft('a', ' 3 ', { minBalance: '1 500,50', segments, riskLevels: ['high', 'low'] })], 'EUR');
    expect(document.steps[0]).toMatchObject({ offset_days: 3, conditions: { min_balance: { amount: '1500.50', currency: 'EUR' }, segments: ['smb', 'Retail, North'], risk_levels: ['high', 'low'] } });
    expect(document).not.toHaveProperty('description');
  });

  it("puts each of the API's problems next to the input it names, by the order the steps were sent in", () => {
    const placed = placeIssues(
      [
        { field: 'steps[1].offset_days', message: 'must be between -90 and 730' },
        { field: 'steps[0].templates.nl', message: 'there is no template x.nl.liquid' },
        { field: 'steps[0].conditions.min_balance.amount', message: 'steps[0].conditions.min_balance.amount is not a decimal string such as "1234.56"' },
        { field: 'steps[1].conditions.risk_levels[0]', message: 'must be one of low, medium, high' },
        { field: 'name.fr', message: 'is required' },
        { message: 'something else' },
      ],
      ['first', 'second'],
    );
    expect(placed.steps).toEqual({
      first: { 'template-nl': ['there is no template x.nl.liquid'], minBalance: ['is not a decimal string such as "1234.56"'] },
      second: { offset: ['must be between -90 and 730'], riskLevels: ['must be one of low, medium, high'] },
    });
    expect(placed.scenario).toEqual({ 'name.fr': ['is required'] });
    expect(placed.other).toEqual(['something else']);
  });
});
