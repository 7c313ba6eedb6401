import { describe, expect, it } from 'vitest';
import { retryDelaySeconds } from './retry-delay.js';

describe('retryDelaySeconds', () => {
  it('doubles from one minute and stops growing at four hours', () => {
    expect([1, 2, 3, 4, 5].map(retryDelaySeconds)).toEqual([60, 120, 240, 480, 960]);
    expect(retryDelaySeconds(20)).toBe(4 * 3600);
  });
});
