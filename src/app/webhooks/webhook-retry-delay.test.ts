import { describe, expect, it } from 'vitest';
import { webhookRetryDelaySeconds } from './webhook-retry-delay.js';

describe('webhookRetryDelaySeconds', () => {
  it('doubles the wait after each failed post, up to six hours', () => {
    expect([1, 2, 3, 4].map(webhookRetryDelaySeconds)).toEqual([30, 60, 120, 240]);
    expect(webhookRetryDelaySeconds(30)).toBe(6 * 3600);
  });
});
