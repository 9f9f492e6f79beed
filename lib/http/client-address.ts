import { isIPv6 } from 'node:net'

/**
 * The client's IP address from the connection's own address (`peer`) and X-Forwarded-For.
 * Each trusted proxy appends the address it was connected from, so with `trustedHops` proxies in
 * front the client is that many entries left of the peer in the chain `[...forwarded, peer]`;
 * anything further left was written by the client and is ignored. With no trusted proxy the
 * header is ignored whole: the peer is the client.
 */
export function pickClientAddress(options: {
  peer: string | undefined
  forwardedFor: string | null | undefined
  trustedHops: number
}): string {
  const forwarded = (options.forwardedFor ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
  const chain = options.peer ? [...forwarded, options.peer] : forwarded
  const at = Math.max(chain.length - 1 - options.trustedHops, 0)
  return normalizeAddress(chain[at] ?? 'unknown')
}

/**
 * One key per client: IPv4-mapped IPv6 as IPv4, and IPv6 cut to its /64, the block one subscriber
 * is usually given whole (per address, a client would have 2^64 fresh keys). Anything that is not
 * an IP address (a proxy writing `unknown`) is kept, cut to 64 characters.
 */
function normalizeAddress(address: string): string {
  const plain = address.toLowerCase().replace(/^\[(.*)\]$/, '$1')
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(plain)
  if (mapped?.[1]) return mapped[1]
  if (isIPv6(plain)) return `${expandIPv6(plain).slice(0, 4).join(':')}::/64`
  return plain.slice(0, 64)
}

/** The eight 16-bit groups of an IPv6 address, `::` filled in (an IPv4 tail counts as two). */
function expandIPv6(address: string): string[] {
  const groups = (part: string) => (part === '' ? [] : part.split(':'))
  const [head = '', tail] = address.split('::')
  const left = groups(head)
  const right = tail === undefined ? [] : groups(tail)
  if (right.at(-1)?.includes('.')) right.splice(-1, 1, '0', '0')
  const zeros = Array.from({ length: Math.max(8 - left.length - right.length, 0) }, () => '0')
  return [...left, ...zeros, ...right].map((g) => g.replace(/^0+(?=.)/, ''))
}
