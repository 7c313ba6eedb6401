import { describe, expect, it } from 'vitest';
import { classifySmtpError } from './smtp-email-transport.js';

describe('classifySmtpError', () => {
  it('retries a temporary refusal even after the message was handed over', () => {
    expect(classifySmtpError({ responseCode: 451, response: '451 4.7.1 Greylisted' }, true)).toEqual({ kind: 'transient', error: '451 4.7.1 Greylisted' });
  });

  it('gives up on a permanent refusal', () => {
    expect(classifySmtpError({ responseCode: 550, response: '550 5.1.1 No such user' }, true).kind).toBe('permanent');
  });

  it('retries a lost connection when the message was not yet fully handed over', () => {
    expect(classifySmtpError({ code: 'ECONNECTION', message: 'Connection closed unexpectedly' }, false).kind).toBe('transient');
  });

  it('calls the outcome unknown when the connection is lost after the whole message went out', () => {
    expect(classifySmtpError({ code: 'ECONNECTION', message: 'Connection closed unexpectedly' }, true).kind).toBe('unknown');
  });
});
