import { type LookupAddress, lookup } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/**
 * Outgoing requests to addresses an administrator typed in (an organization's upstream
 * identity provider) must not reach this server's own network: the loopback interface,
 * private ranges, link-local (cloud metadata at 169.254.169.254) and the other special-use
 * blocks of RFC 6890 and its updates. Otherwise an org admin could make the server request
 * internal services and read what comes back in the error.
 */
const special4 = new BlockList();
const special6 = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.88.99.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15],
  ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) special4.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128], ['::1', 128], ['64:ff9b::', 96], ['100::', 64], ['2001::', 23], ['2001:db8::', 32],
  ['2002::', 16], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8],
] as const) special6.addSubnet(net, prefix, 'ipv6');

/** Whether an address is loopback, private or otherwise special-use (anything that is no address counts as one). */
export function isSpecialUse(address: string): boolean {
  // An IPv4 address written as IPv6 (::ffff:127.0.0.1, ::ffff:7f00:1) is that IPv4 address.
  // (Two lists: one BlockList would also match IPv4 addresses against IPv6 rules.)
  const mapped = /^::ffff:(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/i.exec(address);
  if (mapped) {
    const v4 = mapped[1] ?? [Number.parseInt(mapped[2]!, 16), Number.parseInt(mapped[3]!, 16)].flatMap((n) => [n >> 8, n & 255]).join('.');
    return isIP(v4) !== 4 || special4.check(v4, 'ipv4');
  }
  const family = isIP(address);
  return family === 0 || (family === 4 ? special4.check(address, 'ipv4') : special6.check(address, 'ipv6'));
}

export class SpecialUseAddressError extends Error {
  readonly code = 'ESPECIALUSE';
  constructor(host: string, address: string) {
    super(host === address ? `${host} is a private or special-use address` : `${host} resolves to ${address}, a private or special-use address`);
  }
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * DNS lookup for connections that refuses special-use answers. It runs when the socket
 * connects, so the address checked is the one connected to: a name that resolves to a public
 * address when checked and to 127.0.0.1 a moment later (DNS rebinding) is still refused.
 */
function guardedLookup(hostname: string, options: { all?: boolean; family?: number }, callback: LookupCallback) {
  lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, []);
    const refused = addresses.find((a) => isSpecialUse(a.address));
    if (refused) return callback(new SpecialUseAddressError(hostname, refused.address), []);
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
}

type Dispatcher = { constructor: new (options: object) => unknown };
let dispatcher: unknown;
/** Node's own fetch agent (undici) with the guarded lookup; its class is reached through the global dispatcher. */
function guardedDispatcher() {
  if (dispatcher) return dispatcher;
  void Response; // loads Node's fetch, which installs the global dispatcher
  const global = ((globalThis as Record<symbol, unknown>)[Symbol.for('undici.globalDispatcher.1')] ?? (globalThis as Record<symbol, unknown>)[Symbol.for('undici.globalDispatcher.2')]) as Dispatcher | undefined;
  if (!global) throw new Error('outgoing requests cannot be checked for special-use addresses on this runtime');
  dispatcher = new global.constructor({ connect: { lookup: guardedLookup } });
  return dispatcher;
}

/**
 * fetch that refuses special-use destinations, unless `allowPrivate` (development, or
 * servers on the internal network, by configuration). A literal address is checked before
 * the request; a name, when connecting.
 */
export function outboundFetch(allowPrivate: boolean): typeof fetch {
  if (allowPrivate) return fetch;
  return (input, init) => {
    const url = new URL(input instanceof Request ? input.url : input);
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    if (isIP(host) && isSpecialUse(host)) return Promise.reject(new SpecialUseAddressError(host, host));
    // A redirect is never followed here: to a literal address it would skip both checks
    // (a socket to an address does no lookup). The OAuth client reads redirects itself.
    return fetch(input, { ...init, redirect: 'manual', dispatcher: guardedDispatcher() } as RequestInit);
  };
}
