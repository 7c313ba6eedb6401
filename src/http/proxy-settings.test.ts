import { describe, expect, it } from 'vitest';
import { loadsDemo, trustProxyFrom } from './proxy-settings.js';

describe('TRUST_PROXY', () => {
  it('trusts no one when unset, empty or off', () => {
    for (const value of [undefined, '', ' ', '0', 'false', 'no']) expect(trustProxyFrom(value)).toBe(false);
  });

  it('trusts the proxy in front with 1 or true, or only the listed addresses', () => {
    expect(trustProxyFrom('1')).toBe(true);
    expect(trustProxyFrom('TRUE')).toBe(true);
    expect(trustProxyFrom('10.0.0.2, 10.1.0.0/16,::1')).toBe('10.0.0.2, 10.1.0.0/16,::1');
  });

  it('refuses anything else with a sentence naming the variable', () => {
    expect(() => trustProxyFrom('the nginx box')).toThrow('TRUST_PROXY must be 1, 0, or a comma-separated list of proxy addresses, got "the nginx box"');
  });
});

describe('whether serve loads the demo', () => {
  it('does as asked, else only outside production and off PostgreSQL', () => {
    expect(loadsDemo(undefined, {})).toBe(true);
    expect(loadsDemo(undefined, { DATABASE_URL: 'sqlite:./data/relance.db' })).toBe(true);
    expect(loadsDemo(undefined, { NODE_ENV: 'production' })).toBe(false);
    expect(loadsDemo(undefined, { DATABASE_URL: 'postgres://relance@db/relance' })).toBe(false);
    expect(loadsDemo(undefined, { DATABASE_URL: 'postgresql://relance@db/relance' })).toBe(false);
    expect(loadsDemo(true, { NODE_ENV: 'production', DATABASE_URL: 'postgres://relance@db/relance' })).toBe(true);
    expect(loadsDemo(false, {})).toBe(false);
  });
});
