/**
 * Where no job may open a connection, whatever its runner: loopback, the private networks, shared
 * (CGNAT) space, link-local (the cloud metadata service at 169.254.169.254), IETF protocol
 * assignments, benchmarking space, multicast and reserved ranges. Everything else, the public
 * internet, stays reachable.
 */
export const BLOCKED_V4 = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.0.0.0/24',
  '192.168.0.0/16',
  '198.18.0.0/15',
  '224.0.0.0/4',
  '240.0.0.0/4',
] as const

/** The same for IPv6: loopback, mapped and translated IPv4, unique local, link-local, multicast. */
export const BLOCKED_V6 = [
  '::1/128',
  '::ffff:0:0/96',
  '64:ff9b::/96',
  'fc00::/7',
  'fe80::/10',
  'ff00::/8',
] as const
