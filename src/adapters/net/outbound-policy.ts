/** What the operator allows outbound requests an organization configures to reach. */
export interface OutboundPolicy {
  /** Loopback, private, link-local and other non-public addresses: for tests and intranets only. */
  allowPrivateAddresses: boolean;
}

/** ALLOW_PRIVATE_WEBHOOKS=1 lets webhooks reach private addresses; anything else refuses them. */
export function outboundPolicyFromEnv(env: NodeJS.ProcessEnv = process.env): OutboundPolicy {
  return { allowPrivateAddresses: env.ALLOW_PRIVATE_WEBHOOKS === '1' };
}
