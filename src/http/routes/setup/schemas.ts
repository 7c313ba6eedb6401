import { nullableOneLineText, oneLineText } from '../../schemas.js';
import { rulesBody } from '../scenario-admin/schemas.js';

const identityProperties = {
  name: { type: 'string', description: 'The name people know the organization by; signs messages when no sender name is set.' },
  legal_name: { type: 'string', description: 'The registered name, printed on letters and statements.' },
  address: { type: ['string', 'null'], description: 'Postal address, one line per line.' },
  registration_id: { type: ['string', 'null'], description: 'Company registration number (SIREN/SIRET, KBO/BCE…).' },
  vat_id: { type: ['string', 'null'] },
  country: { type: 'string', description: 'ISO 3166 country: its law applies (late fees, payment terms). Set at creation.' },
  currency: { type: 'string', description: 'ISO 4217 currency of the ledger. Set at creation.' },
  time_zone: { type: 'string', description: 'IANA time zone of the business hours. Set at creation.' },
  locale: { type: 'string', description: 'Language of the web app for users who chose none, and of customers without a language.' },
} as const;

export const identityResponse = { type: 'object', required: Object.keys(identityProperties), properties: identityProperties } as const;

export const identityBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    name: oneLineText(200),
    legal_name: oneLineText(200),
    address: { type: ['string', 'null'], maxLength: 1000 },
    registration_id: nullableOneLineText(50),
    vat_id: nullableOneLineText(50),
    locale: { type: 'string', pattern: '^[a-z]{2}(-[A-Z]{2})?$' },
  },
} as const;

const SECURITY = { type: 'string', enum: ['none', 'starttls', 'tls'], description: 'none: plain text (local relays only); starttls: upgrade required (port 587); tls: TLS from the start (port 465).' } as const;
const SOURCE = { type: 'string', enum: ['organization', 'environment', 'none'], description: 'Whose settings the sending pass uses: these, the server environment\'s, or none (messages are kept as files).' } as const;

const channelsProperties = {
  smtp_host: { type: ['string', 'null'] },
  smtp_port: { type: ['integer', 'null'] },
  smtp_security: SECURITY,
  smtp_user: { type: ['string', 'null'] },
  smtp_from: { type: ['string', 'null'], description: 'Envelope sender when a message has no sender email.' },
  password_set: { type: 'boolean', description: 'Whether a password is on file; the password itself is never sent back.' },
  sms_provider_url: { type: ['string', 'null'] },
  token_set: { type: 'boolean', description: 'Whether a provider token is on file; the token itself is never sent back.' },
  email_source: SOURCE,
  sms_source: SOURCE,
} as const;

export const channelsResponse = { type: 'object', required: Object.keys(channelsProperties), properties: channelsProperties } as const;

export const channelsBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    smtp_host: nullableOneLineText(255),
    smtp_port: { type: ['integer', 'null'], minimum: 1, maximum: 65535 },
    smtp_security: SECURITY,
    smtp_user: nullableOneLineText(255),
    smtp_password: { ...nullableOneLineText(1000), description: 'Write-only. Left out or empty: the password on file stays; null removes it.' },
    smtp_from: nullableOneLineText(320),
    sms_provider_url: nullableOneLineText(2000),
    sms_token: { ...nullableOneLineText(2000), description: 'Write-only. Left out or empty: the token on file stays; null removes it.' },
  },
} as const;

export const channelTestBody = {
  type: 'object',
  required: ['channel'],
  additionalProperties: false,
  properties: {
    channel: { type: 'string', enum: ['email', 'sms'] },
    phone: { ...oneLineText(30), description: 'For an SMS: the number to text. An email goes to the signed-in user.' },
  },
} as const;

const words = { type: 'object', required: ['en', 'fr'], properties: { en: { type: 'string' }, fr: { type: 'string' } } } as const;

export const channelTestResponse = {
  type: 'object',
  required: ['channel', 'delivered', 'recipient', 'message'],
  properties: {
    channel: { type: 'string' },
    delivered: { type: 'boolean', description: 'True when the mail server or SMS provider accepted the message.' },
    recipient: { type: 'string' },
    message: { ...words, description: 'What happened, in words, quoting the server when it refused.' },
  },
} as const;

export const rulesPreviewBody = rulesBody;

export const rulesPreviewResponse = {
  type: 'object',
  required: ['rules', 'manual', 'default', 'default_scenario_id', 'total'],
  properties: {
    rules: { type: 'array', items: { type: 'integer' }, description: 'Per rule, in order: the customers for whom it is the first match.' },
    manual: { type: 'integer', description: 'Customers whose scenario was chosen by hand.' },
    default: { type: 'integer', description: 'Customers no rule matches: they get the default scenario.' },
    default_scenario_id: { type: 'string' },
    total: { type: 'integer' },
  },
} as const;
