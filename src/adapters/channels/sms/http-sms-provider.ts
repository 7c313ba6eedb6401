import type { ChannelTransport, OutgoingMessage, SendOutcome } from '../channel-transport.js';

export interface HttpSmsOptions {
  /** The provider's endpoint; it receives POST {to, from, text, reference} as JSON. */
  url: string;
  token: string;
  timeoutSeconds?: number;
}

/**
 * An SMS provider reached over HTTP with a bearer token. The message's id goes out as
 * `Idempotency-Key` so a provider that honours it drops a repeat. A request that fails before
 * any answer could have been sent (refused connection, unknown host) is retried; one that
 * dies after the request went out is "unknown".
 */
export function httpSmsProvider(options: HttpSmsOptions): ChannelTransport {
  const timeout = (options.timeoutSeconds ?? 30) * 1000;
  return {
    async send(message: OutgoingMessage): Promise<SendOutcome> {
      let response: Response;
      try {
        response = await fetch(options.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${options.token}`,
            'idempotency-key': message.messageId,
          },
          body: JSON.stringify({ to: message.recipient.phone, from: message.sender.name, text: message.text, reference: message.messageId }),
          signal: AbortSignal.timeout(timeout),
        });
      } catch (error) {
        const code = (error as { cause?: { code?: string } }).cause?.code;
        const text = `SMS provider unreachable: ${code ?? (error as Error).message}`;
        if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { kind: 'transient', error: text };
        return { kind: 'unknown', error: text };
      }
      const body = await response.text();
      if (response.ok) return { kind: 'sent', providerMessageId: providerId(body) };
      const error = `SMS provider answered ${response.status}: ${body.slice(0, 300)}`;
      if (response.status === 408 || response.status === 429 || response.status >= 500) return { kind: 'transient', error };
      return { kind: 'permanent', error };
    },
  };
}

function providerId(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { id?: unknown; messageId?: unknown };
    const id = parsed.id ?? parsed.messageId;
    return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
  } catch {
    return undefined;
  }
}
