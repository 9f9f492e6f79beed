import { isIPv4, isIPv6 } from 'node:net'

/** Why an address may not be fetched from the server: anything but the public internet. */
export type AddressClass =
  | 'public'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'link_local'
  | 'cgnat'
  | 'multicast'
  | 'broadcast'
  | 'unique_local'
  | 'documentation'
  | 'reserved'

/** How an IPv6 address carries an IPv4 one whose class decides (the v6 form reaches the v4 host). */
export type Embedding = 'ipv4-mapped' | 'nat64' | '6to4'

export type Classified = { class: AddressClass; embedded?: { via: Embedding; ipv4: string } }

type Range<T> = readonly [prefix: T, bits: number, cls: AddressClass | Embedding]

function ipv4ToNumber(ip: string): number {
  return ip.split('.').reduce((acc, part) => acc * 256 + Number(part), 0)
}

function numberToIpv4(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.')
}

// Order matters where ranges nest: the first match wins (broadcast before 240/4).
const V4_RANGES: readonly Range<number>[] = (
  [
    ['0.0.0.0', 8, 'unspecified'],
    ['10.0.0.0', 8, 'private'],
    ['100.64.0.0', 10, 'cgnat'],
    ['127.0.0.0', 8, 'loopback'],
    ['169.254.0.0', 16, 'link_local'],
    ['172.16.0.0', 12, 'private'],
    ['192.0.0.0', 24, 'reserved'],
    ['192.0.2.0', 24, 'documentation'],
    ['192.88.99.0', 24, 'reserved'],
    ['192.168.0.0', 16, 'private'],
    ['198.18.0.0', 15, 'reserved'],
    ['198.51.100.0', 24, 'documentation'],
    ['203.0.113.0', 24, 'documentation'],
    ['224.0.0.0', 4, 'multicast'],
    ['255.255.255.255', 32, 'broadcast'],
    ['240.0.0.0', 4, 'reserved'],
  ] as const
).map(([ip, bits, cls]) => [ipv4ToNumber(ip), bits, cls] as const)

/** Parses any IPv6 text form (compressed, dotted-quad tail, zone id) into a 128-bit number. */
function ipv6ToBigInt(text: string): bigint {
  let ip = text.replace(/^\[|\]$/g, '').replace(/%.*$/, '')
  const dotted = ip.match(/(\d+\.\d+\.\d+\.\d+)$/)?.[1]
  if (dotted) {
    const n = ipv4ToNumber(dotted)
    ip = `${ip.slice(0, -dotted.length)}${Math.floor(n / 65536).toString(16)}:${(n % 65536).toString(16)}`
  }
  const [head = '', tail] = ip.split('::')
  const left = head === '' ? [] : head.split(':')
  const right = tail === undefined || tail === '' ? [] : tail.split(':')
  const fill = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0')
  return [...left, ...fill, ...right].reduce((acc, group) => (acc << 16n) | BigInt(`0x${group}`), 0n)
}

const V6_RANGES: readonly Range<bigint>[] = (
  [
    ['::', 128, 'unspecified'],
    ['::1', 128, 'loopback'],
    ['::ffff:0:0', 96, 'ipv4-mapped'],
    ['64:ff9b::', 96, 'nat64'],
    ['64:ff9b:1::', 48, 'private'],
    ['100::', 64, 'reserved'],
    ['2001::', 32, 'reserved'], // Teredo: the v4 end is obfuscated, so never trusted
    ['2001:2::', 48, 'reserved'],
    ['2001:10::', 28, 'reserved'],
    ['2001:20::', 28, 'reserved'],
    ['2001:db8::', 32, 'documentation'],
    ['3fff::', 20, 'documentation'],
    ['2002::', 16, '6to4'],
    ['fc00::', 7, 'unique_local'],
    ['fe80::', 10, 'link_local'],
    ['fec0::', 10, 'private'],
    ['ff00::', 8, 'multicast'],
  ] as const
).map(([ip, bits, cls]) => [ipv6ToBigInt(ip), bits, cls] as const)

function inRange4(n: number, [prefix, bits]: Range<number>): boolean {
  const size = 2 ** (32 - bits)
  return Math.floor(n / size) === Math.floor(prefix / size)
}

function inRange6(n: bigint, [prefix, bits]: Range<bigint>): boolean {
  const shift = BigInt(128 - bits)
  return n >> shift === prefix >> shift
}

function classifyV4(ip: string): AddressClass {
  const n = ipv4ToNumber(ip)
  const hit = V4_RANGES.find((range) => inRange4(n, range))
  return hit ? (hit[2] as AddressClass) : 'public'
}

function embeddedV4(n: bigint, via: Embedding): string {
  const bits = via === '6to4' ? (n >> 80n) & 0xffffffffn : n & 0xffffffffn
  return numberToIpv4(Number(bits))
}

/**
 * Classifies an IP address (v4 dotted quad or any v6 form). IPv6 forms that reach an IPv4 host
 * (IPv4-mapped, NAT64, 6to4) take the class of the embedded address; outside 2000::/3 (global
 * unicast) everything unlisted is `reserved`. Anything that is not an IP at all is `reserved` too.
 */
export function classifyAddress(address: string): Classified {
  if (isIPv4(address)) return { class: classifyV4(address) }
  const bare = address.replace(/^\[|\]$/g, '')
  if (!isIPv6(bare)) return { class: 'reserved' }
  const n = ipv6ToBigInt(bare)
  const hit = V6_RANGES.find((range) => inRange6(n, range))
  if (hit) {
    const cls = hit[2]
    if (cls === 'ipv4-mapped' || cls === 'nat64' || cls === '6to4') {
      const ipv4 = embeddedV4(n, cls)
      return { class: classifyV4(ipv4), embedded: { via: cls, ipv4 } }
    }
    return { class: cls }
  }
  return { class: n >> 125n === 1n ? 'public' : 'reserved' }
}
