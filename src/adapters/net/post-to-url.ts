import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { bareHost, PrivateAddressError, privateAddressKind, publicOnlyLookup } from './public-address.js';

export interface PostRequest {
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  /** Let the request reach loopback, private and link-local addresses (the operator's choice). */
  allowPrivateAddresses: boolean;
}

/**
 * POSTs the body and answers the status code, leaving the answer's body unread; redirects are
 * not followed. Unless private addresses are allowed, the connection goes only to a public
 * address checked at connect time: a literal address is checked here, a name through
 * `publicOnlyLookup`. A refused address rejects with `PrivateAddressError`.
 */
export async function postToUrl(url: URL, request: PostRequest): Promise<number> {
  const host = bareHost(url);
  if (!request.allowPrivateAddresses && isIP(host) !== 0) {
    const kind = privateAddressKind(host);
    if (kind !== null) throw new PrivateAddressError(host, host, kind);
  }
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = send(
      url,
      {
        method: 'POST',
        headers: { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
        signal: AbortSignal.timeout(request.timeoutMs),
        ...(request.allowPrivateAddresses ? {} : { lookup: publicOnlyLookup }),
      },
      (response: IncomingMessage) => {
        // Only the status counts: a receiver that streams an endless body holds nothing up.
        resolve(response.statusCode ?? 0);
        response.destroy();
      },
    );
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}
