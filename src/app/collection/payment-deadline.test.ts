import { describe, expect, it } from 'vitest';
import type { PlainDate } from '../../core/plain-date.js';
import { paymentDeadline } from './build-template-context.js';

describe('the payment deadline a message gives', () => {
  it('gives eight days from the message, and fifteen from receipt for a registered letter, dated with room for the post', () => {
    const monday = '2026-03-02' as PlainDate;
    expect(paymentDeadline('email', monday)).toEqual({ payWithinDays: 8, payBy: '2026-03-10' });
    expect(paymentDeadline('letter', monday)).toEqual({ payWithinDays: 8, payBy: '2026-03-10' });
    expect(paymentDeadline('registered_letter', monday)).toEqual({ payWithinDays: 15, payBy: '2026-03-21' });
  });
});
