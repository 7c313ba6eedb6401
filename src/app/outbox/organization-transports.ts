import type { ChannelTransport, ChannelTransports, OutgoingMessage } from '../../adapters/channels/channel-transport.js';
import { transportsFromConfig, type ChannelConfig } from '../../adapters/channels/transports-from-config.js';
import type { Db } from '../../adapters/db/database.js';
import { sendingOrganizationOf } from '../agency/check-mandate-message.js';
import { channelConfigFor } from '../organization/channel-settings.js';

/**
 * The sending pass's transports when none are injected: each message goes through its own
 * organization's mail server and SMS provider when it set them (Settings → Channels), else
 * through the environment's (SMTP_URL, SMS_PROVIDER_URL…). A message an agency writes on a case
 * in its own name waits in the creditor's outbox but leaves through the agency's server. Built
 * once per organization and pass, closed together at the end.
 */
export function organizationTransports(db: Db, env: ChannelConfig): ChannelTransports {
  const byOrganization = new Map<string, Promise<ChannelTransports>>();
  const transportsOf = (organizationId: string) => {
    let transports = byOrganization.get(organizationId);
    if (!transports) {
      transports = channelConfigFor(db, organizationId, env).then(transportsFromConfig);
      byOrganization.set(organizationId, transports);
    }
    return transports;
  };
  const channel = (name: OutgoingMessage['channel']): ChannelTransport => ({
    async send(message) {
      let transports: ChannelTransports;
      let sender = message.organizationId;
      try {
        sender = await sendingOrganizationOf(db, message);
        transports = await transportsOf(sender);
      } catch (error) {
        // Settings that cannot be read (a secrets key changed) sent nothing: try again later.
        byOrganization.delete(sender);
        return { kind: 'transient', error: (error as Error).message };
      }
      return transports[name].send(message);
    },
    // The four channels share one close: the first call closes every transport made, the others find none left.
    async close() {
      const made = [...byOrganization.values()];
      byOrganization.clear();
      for (const transports of await Promise.allSettled(made)) {
        if (transports.status === 'fulfilled') for (const transport of Object.values(transports.value)) await transport.close?.();
      }
    },
  });
  return { email: channel('email'), sms: channel('sms'), letter: channel('letter'), registered_letter: channel('registered_letter') };
}
