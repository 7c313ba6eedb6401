import type { ChannelTransports } from './channel-transport.js';
import { emlKeeper } from './email/eml-keeper.js';
import { smtpEmailTransport } from './email/smtp-email-transport.js';
import { DEFAULT_OUTBOX_DIR } from './keep-in-directory.js';
import { keepLetterForPerson, letterTransport, type LetterPoster } from './letter/letter-transport.js';
import { httpSmsProvider } from './sms/http-sms-provider.js';
import { smsKeeper } from './sms/sms-keeper.js';

export interface ChannelConfig {
  smtpUrl?: string;
  smtpFrom?: string;
  smsProviderUrl?: string;
  smsProviderToken?: string;
  outboxDir?: string;
  letterPoster?: LetterPoster;
  registeredLetterPoster?: LetterPoster;
}

/** SMTP_URL, SMTP_FROM, SMS_PROVIDER_URL, SMS_PROVIDER_TOKEN, OUTBOX_DIR. */
export function channelConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ChannelConfig {
  return {
    smtpUrl: env.SMTP_URL || undefined,
    smtpFrom: env.SMTP_FROM || undefined,
    smsProviderUrl: env.SMS_PROVIDER_URL || undefined,
    smsProviderToken: env.SMS_PROVIDER_TOKEN || undefined,
    outboxDir: env.OUTBOX_DIR || undefined,
  };
}

/** One transport per channel; a channel with nothing configured keeps its messages as files. */
export function transportsFromConfig(config: ChannelConfig): ChannelTransports {
  const outboxDir = config.outboxDir ?? DEFAULT_OUTBOX_DIR;
  return {
    email: config.smtpUrl ? smtpEmailTransport({ url: config.smtpUrl, defaultFrom: config.smtpFrom }) : emlKeeper(outboxDir),
    sms:
      config.smsProviderUrl && config.smsProviderToken
        ? httpSmsProvider({ url: config.smsProviderUrl, token: config.smsProviderToken })
        : smsKeeper(outboxDir),
    letter: letterTransport({ outboxDir, poster: config.letterPoster ?? keepLetterForPerson }),
    registered_letter: letterTransport({ outboxDir, poster: config.registeredLetterPoster ?? keepLetterForPerson }),
  };
}
