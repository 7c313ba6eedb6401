import type { ChannelTransport, OutgoingMessage, SendOutcome } from '../channel-transport.js';
import { writeOutboxFile } from '../keep-in-directory.js';

/** With no SMS provider configured, the text is kept as a file for a person to send by hand. */
export function smsKeeper(outboxDir: string): ChannelTransport {
  return {
    async send(message: OutgoingMessage): Promise<SendOutcome> {
      const content = `To: ${message.recipient.phone ?? ''}\nFrom: ${message.sender.name}\n\n${message.text}\n`;
      const documentPath = await writeOutboxFile(outboxDir, message.organizationId, `${message.id}.sms.txt`, content);
      return { kind: 'kept', documentPath, reason: 'no SMS provider configured (SMS_PROVIDER_URL); the text was kept as a file' };
    },
  };
}
