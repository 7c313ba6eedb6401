import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/** Why an address may not be reached from the server, in words; null for a public address. */
export function privateAddressKind(address: string): string | null {
  if (!ipaddr.isValid(address)) return 'not an IP address';
  let parsed = ipaddr.parse(address);
  // ::ffff:127.0.0.1 reaches the IPv4 loopback: judge the IPv4 address it carries.
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  const range = parsed.range();
  return range === 'unicast' ? null : (RANGE_WORDS[range] ?? `a reserved address (${range})`);
}

const RANGE_WORDS: Record<string, string> = {
  loopback: 'a loopback address',
  private: 'a private network address',
  uniqueLocal: 'a private network address',
  linkLocal: 'a link-local address (cloud metadata services live there)',
  carrierGradeNat: 'a shared carrier network address',
  unspecified: 'the unspecified address',
  multicast: 'a multicast address',
  broadcast: 'the broadcast address',
};

/** The host of a URL as a resolver or `isIP` wants it: IPv6 literals lose their brackets. */
export function bareHost(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

/** A refused address: the host asked for, the address it stands for, and why it is refused. */
export class PrivateAddressError extends Error {
  constructor(
    readonly host: string,
    readonly address: string,
    readonly kind: string,
  ) {
    super(host === address ? `${address} is ${kind}` : `${host} resolves to ${address}, ${kind}`);
    this.name = 'PrivateAddressError';
  }
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for sockets that resolves the name and refuses it when any of its addresses is
 * not public. The socket then connects to an address checked here, so a name that answers
 * differently a moment later (DNS rebinding) cannot slip past.
 */
export function publicOnlyLookup(hostname: string, options: { all?: boolean; family?: number | string }, callback: LookupCallback): void {
  dnsLookup(hostname, { all: true, family: typeof options.family === 'number' ? options.family : 0 }, (error, addresses) => {
    if (error) return callback(error, []);
    const refused = addresses.find((entry) => privateAddressKind(entry.address) !== null);
    if (refused) return callback(new PrivateAddressError(hostname, refused.address, privateAddressKind(refused.address)!), []);
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
}

/**
 * Whether the URL's host is, or resolves to, an address that is not public: the error says
 * which. A name that does not resolve now is let through; its delivery checks it again.
 */
export async function findPrivateAddress(url: URL, timeoutMs = 3_000): Promise<PrivateAddressError | null> {
  const host = bareHost(url);
  if (isIP(host) !== 0) {
    const kind = privateAddressKind(host);
    return kind === null ? null : new PrivateAddressError(host, host, kind);
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), timeoutMs);
    publicOnlyLookup(host, { all: true }, (error) => {
      clearTimeout(timer);
      resolve(error instanceof PrivateAddressError ? error : null);
    });
  });
}
