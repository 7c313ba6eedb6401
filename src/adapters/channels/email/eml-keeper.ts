import type { ChannelTransport, OutgoingMessage, SendOutcome } from '../channel-transport.js';
import { writeOutboxFile } from '../keep-in-directory.js';
import { composeEmail } from './compose-email.js';

/** With no SMTP server configured, each email is kept as an .eml file a person can open or forward. */
export function emlKeeper(outboxDir: string): ChannelTransport {
  return {
    async send(message: OutgoingMessage): Promise<SendOutcome> {
      const raw = await composeEmail(message, 'no-reply@localhost');
      const documentPath = await writeOutboxFile(outboxDir, message.organizationId, `${message.id}.eml`, raw);
      return { kind: 'kept', documentPath, reason: 'no SMTP server configured (SMTP_URL); the email was kept as an .eml file' };
    },
  };
}
