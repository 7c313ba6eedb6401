import { AppError } from '../../core/app-error.js';
import type { ChannelConfig } from '../../adapters/channels/transports-from-config.js';
import type { Db } from '../../adapters/db/database.js';
import type { ChannelSettingsRow } from '../../adapters/db/schema.js';
import { getChannelSettings, saveChannelSettings, type ChannelSettingsChanges } from '../../adapters/db/stores/channel-settings.js';
import { openSecret, sealSecret } from '../../adapters/security/secret-box.js';

export const SMTP_SECURITIES = ['none', 'starttls', 'tls'] as const;
export type SmtpSecurity = (typeof SMTP_SECURITIES)[number];

/** Where a channel's settings come from: the organization's own, the server's environment, or nowhere (messages kept as files). */
export type ChannelSource = 'organization' | 'environment' | 'none';

/** What the API shows: every setting but the secrets, of which only whether one is set. */
export interface ChannelSettingsView {
  smtp_host: string | null;
  smtp_port: number | null;
  smtp_security: SmtpSecurity;
  smtp_user: string | null;
  smtp_from: string | null;
  password_set: boolean;
  sms_provider_url: string | null;
  token_set: boolean;
  email_source: ChannelSource;
  sms_source: ChannelSource;
}

/** A change: fields left out keep their value; a secret set to null is removed. */
export interface ChannelSettingsInput {
  smtp_host?: string | null;
  smtp_port?: number | null;
  smtp_security?: SmtpSecurity;
  smtp_user?: string | null;
  smtp_password?: string | null;
  smtp_from?: string | null;
  sms_provider_url?: string | null;
  sms_token?: string | null;
}

function securityOf(row: ChannelSettingsRow | undefined): SmtpSecurity {
  const value = row?.smtp_security;
  return (SMTP_SECURITIES as readonly string[]).includes(value ?? '') ? (value as SmtpSecurity) : 'starttls';
}

function emailSource(row: ChannelSettingsRow | undefined, env: ChannelConfig): ChannelSource {
  if (row?.smtp_host) return 'organization';
  return env.smtpUrl ? 'environment' : 'none';
}

function smsSource(row: ChannelSettingsRow | undefined, env: ChannelConfig): ChannelSource {
  if (row?.sms_provider_url && row.sms_token_sealed) return 'organization';
  return env.smsProviderUrl && env.smsProviderToken ? 'environment' : 'none';
}

export function channelSettingsView(row: ChannelSettingsRow | undefined, env: ChannelConfig): ChannelSettingsView {
  return {
    smtp_host: row?.smtp_host ?? null,
    smtp_port: row?.smtp_port ?? null,
    smtp_security: securityOf(row),
    smtp_user: row?.smtp_user ?? null,
    smtp_from: row?.smtp_from ?? null,
    password_set: Boolean(row?.smtp_password_sealed),
    sms_provider_url: row?.sms_provider_url ?? null,
    token_set: Boolean(row?.sms_token_sealed),
    email_source: emailSource(row, env),
    sms_source: smsSource(row, env),
  };
}

export async function getChannelSettingsView(db: Db, organizationId: string, env: ChannelConfig): Promise<ChannelSettingsView> {
  return channelSettingsView(await getChannelSettings(db, organizationId), env);
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const HOST = /^[A-Za-z0-9.-]+$|^\[[0-9A-Fa-f:.]+\]$/;

function blankToNull(value: string | null | undefined): string | null | undefined {
  if (value === undefined || value === null) return value;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

function invalid(field: string, en: string, fr: string): AppError {
  return new AppError('validation_failed', `${field}: ${en}`, { field }, { localized: { en, fr } });
}

/** Checks and stores a change; secrets are sealed before they reach the database. */
export async function updateChannelSettings(db: Db, organizationId: string, input: ChannelSettingsInput, env: ChannelConfig): Promise<ChannelSettingsView> {
  const changes: ChannelSettingsChanges = {};
  const host = blankToNull(input.smtp_host);
  if (host !== undefined) {
    if (host !== null && !HOST.test(host)) throw invalid('smtp_host', 'Type a server name such as smtp.example.com, without spaces or "smtp://".', 'Saisissez un nom de serveur comme smtp.exemple.fr, sans espace ni « smtp:// ».');
    changes.smtp_host = host;
  }
  if (input.smtp_port !== undefined) changes.smtp_port = input.smtp_port;
  if (input.smtp_security !== undefined) changes.smtp_security = input.smtp_security;
  const user = blankToNull(input.smtp_user);
  if (user !== undefined) changes.smtp_user = user;
  const from = blankToNull(input.smtp_from);
  if (from !== undefined) {
    if (from !== null && !EMAIL.test(from)) throw invalid('smtp_from', 'Type an email address such as relance@example.com.', 'Saisissez une adresse e-mail comme relance@exemple.fr.');
    changes.smtp_from = from;
  }
  // An empty password box means "keep the one on file", the way the form shows a saved secret.
  if (input.smtp_password === null) changes.smtp_password_sealed = null;
  else if (input.smtp_password) changes.smtp_password_sealed = sealSecret(input.smtp_password);
  const url = blankToNull(input.sms_provider_url);
  if (url !== undefined) {
    if (url !== null && !isHttpUrl(url)) throw invalid('sms_provider_url', 'Type the address of the SMS provider, starting with https://.', 'Saisissez l’adresse du fournisseur de SMS, commençant par https://.');
    changes.sms_provider_url = url;
  }
  if (input.sms_token === null) changes.sms_token_sealed = null;
  else if (input.sms_token) changes.sms_token_sealed = sealSecret(input.sms_token);
  return channelSettingsView(await saveChannelSettings(db, organizationId, changes), env);
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

function defaultPort(security: SmtpSecurity): number {
  return security === 'tls' ? 465 : 587;
}

/**
 * The organization's settings over the environment's, channel by channel: an organization
 * that set its own mail server sends through it; one that did not keeps the server's.
 */
export function channelConfigOf(row: ChannelSettingsRow | undefined, env: ChannelConfig, key?: Buffer): ChannelConfig {
  const config: ChannelConfig = { ...env };
  if (row?.smtp_host) {
    const security = securityOf(row);
    const credentials = row.smtp_user
      ? `${encodeURIComponent(row.smtp_user)}${row.smtp_password_sealed ? `:${encodeURIComponent(openSecret(row.smtp_password_sealed, key))}` : ''}@`
      : '';
    // nodemailer reads these query options: plain text only, or STARTTLS required.
    const query = security === 'none' ? '?ignoreTLS=true' : security === 'starttls' ? '?requireTLS=true' : '';
    config.smtpUrl = `${security === 'tls' ? 'smtps' : 'smtp'}://${credentials}${row.smtp_host}:${row.smtp_port ?? defaultPort(security)}${query}`;
    if (row.smtp_from) config.smtpFrom = row.smtp_from;
  }
  if (row?.sms_provider_url && row.sms_token_sealed) {
    config.smsProviderUrl = row.sms_provider_url;
    config.smsProviderToken = openSecret(row.sms_token_sealed, key);
  }
  return config;
}

export async function channelConfigFor(db: Db, organizationId: string, env: ChannelConfig): Promise<ChannelConfig> {
  return channelConfigOf(await getChannelSettings(db, organizationId), env);
}
