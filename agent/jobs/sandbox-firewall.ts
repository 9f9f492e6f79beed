import { networkInterfaces } from 'node:os'
import { BLOCKED_V4, BLOCKED_V6 } from './blocked-ranges'

/**
 * The firewall of a job's network namespace: the job reaches public addresses through the
 * user-mode network, and nothing of the provider's own networks. Rules live in the job's
 * namespace, installed before its program runs; the job has no capability to change them.
 */

/** slirp4netns's DNS forwarder inside the job's namespace (its default 10.0.2.0/24 network). */
export const SLIRP_DNS = '10.0.2.3'

/**
 * The host's own addresses: a service listening on all interfaces would otherwise be reachable
 * through the host's public address, which the user-mode network connects to like any other.
 */
export function hostAddresses(): { v4: string[]; v6: string[] } {
  const v4: string[] = []
  const v6: string[] = []
  for (const list of Object.values(networkInterfaces())) {
    for (const address of list ?? []) {
      if (address.family === 'IPv4') v4.push(`${address.address}/32`)
      else v6.push(`${address.address.split('%')[0]}/128`)
    }
  }
  return { v4, v6 }
}

/** An iptables-restore filter table: loopback inside the namespace, then `accepts`, then every block rejected. */
function filterTable(accepts: readonly string[], blocked: readonly string[]): string {
  return [
    '*filter',
    ':INPUT ACCEPT [0:0]',
    ':FORWARD DROP [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    '-A OUTPUT -o lo -j ACCEPT',
    ...accepts,
    // REJECT, not DROP: the job learns at once instead of waiting on a timeout.
    ...blocked.map((cidr) => `-A OUTPUT -d ${cidr} -j REJECT`),
    'COMMIT',
    '',
  ].join('\n')
}

/** iptables-restore input for IPv4: loopback inside the namespace, DNS to the forwarder, then the blocks. */
export const ipv4Rules = (extraBlocked: readonly string[] = []): string =>
  filterTable(
    [
      `-A OUTPUT -d ${SLIRP_DNS}/32 -p udp --dport 53 -j ACCEPT`,
      `-A OUTPUT -d ${SLIRP_DNS}/32 -p tcp --dport 53 -j ACCEPT`,
    ],
    [...BLOCKED_V4, ...extraBlocked],
  )

/** ip6tables-restore input: the user-mode network carries no IPv6, and what exists locally is blocked too. */
export const ipv6Rules = (extraBlocked: readonly string[] = []): string =>
  filterTable([], [...BLOCKED_V6, ...extraBlocked])
