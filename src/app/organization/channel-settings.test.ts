import { describe, expect, it } from 'vitest';
import type { ChannelSettingsRow } from '../../adapters/db/schema.js';
import { keyFromText, sealSecret } from '../../adapters/security/secret-box.js';
import { channelConfigOf, channelSettingsView } from './channel-settings.js';

const key = keyFromText('unit test key');
const ENV = { smtpUrl: 'smtp://env.example:25', smtpFrom: 'env@example.com', smsProviderUrl: 'https://env-sms.example', smsProviderToken: 'env-token' };

function row(changes: Partial<ChannelSettingsRow>): ChannelSettingsRow {
  return {
    organization_id: 'org',
    smtp_host: null,
    smtp_port: null,
    smtp_security: 'starttls',
    smtp_user: null,
    smtp_password_sealed: null,
    smtp_from: null,
    sms_provider_url: null,
    sms_token_sealed: null,
    updated_at: '2026-01-01T00:00:00Z',
    ...changes,
  };
}

describe("an organization's channel settings", () => {
  it('keep the environment when the organization set nothing', () => {
    expect(channelConfigOf(undefined, ENV)).toEqual(ENV);
    expect(channelConfigOf(row({}), ENV)).toEqual(ENV);
    expect(channelSettingsView(undefined, {})).toMatchObject({ email_source: 'none', sms_source: 'none', password_set: false });
  });

  it('send through the mail server typed in, with a password that survives any character', () => {
    const password = 'p@ss:w/rd ü';
    const config = channelConfigOf(row({ smtp_host: 'smtp.atelier.example', smtp_user: 'relance@atelier.example', smtp_password_sealed: sealSecret(password, key) }), ENV, key);
    const url = new URL(config.smtpUrl!);
    expect(url.protocol).toBe('smtp:');
    expect(url.port).toBe('587');
    expect(url.searchParams.get('requireTLS')).toBe('true');
    expect(decodeURIComponent(url.username)).toBe('relance@atelier.example');
    expect(decodeURIComponent(url.password)).toBe(password);
    // The SMS provider was not set here: the environment's stays.
    expect(config.smsProviderUrl).toBe(ENV.smsProviderUrl);
  });

  it('use TLS from the start on port 465, or plain text only when asked', () => {
    expect(channelConfigOf(row({ smtp_host: 'mail.example', smtp_security: 'tls' }), {}, key).smtpUrl).toBe('smtps://mail.example:465');
    expect(channelConfigOf(row({ smtp_host: '127.0.0.1', smtp_port: 2525, smtp_security: 'none' }), {}, key).smtpUrl).toBe('smtp://127.0.0.1:2525?ignoreTLS=true');
  });

  it('take the SMS provider only with its token', () => {
    expect(channelConfigOf(row({ sms_provider_url: 'https://sms.example' }), {}, key).smsProviderUrl).toBeUndefined();
    const config = channelConfigOf(row({ sms_provider_url: 'https://sms.example', sms_token_sealed: sealSecret('tok', key) }), {}, key);
    expect(config).toMatchObject({ smsProviderUrl: 'https://sms.example', smsProviderToken: 'tok' });
  });
});
