import { lookup as dnsLookup } from 'node:dns/promises'
import { isIPv4 } from 'node:net'
import { type AddressClass, classifyAddress } from './ip-address'

/** Why an endpoint is refused. Address classes name the range the host is (or resolves to) in. */
export type GuardReason =
  | 'invalid_url'
  | 'unsupported_scheme'
  | 'credentials'
  | 'port_not_allowed'
  | 'unresolvable'
  | Exclude<AddressClass, 'public'>

export type GuardPass = { ok: true; url: URL; address: string; family: 4 | 6 }
export type GuardRefusal = { ok: false; reason: GuardReason; message: string }
export type GuardResult = GuardPass | GuardRefusal

/** Resolves a host name to every address it has (dns.lookup with `all`, by default). */
export type HostLookup = (hostname: string) => Promise<readonly { address: string; family: number }[]>

export type GuardOptions = {
  /** Development only: loopback hosts (127/8, ::1) pass; embedded forms like ::ffff:127.0.0.1 never do. */
  allowLoopback: boolean
  lookup?: HostLookup
  /** How long DNS may take before the host counts as unresolvable. */
  dnsTimeoutMs?: number
}

const defaultLookup: HostLookup = (hostname) => dnsLookup(hostname, { all: true, verbatim: true })

/** Web ports and unprivileged ones: never a host's SSH, SMTP or other system services. */
function portAllowed(url: URL): boolean {
  if (url.port === '') return true
  const port = Number(url.port)
  return port === 80 || port === 443 || port >= 1024
}

function refuse(reason: GuardReason, message: string): GuardRefusal {
  return { ok: false, reason, message }
}

function checkAddress(address: string, host: string, allowLoopback: boolean): GuardRefusal | undefined {
  const { class: cls, embedded } = classifyAddress(address)
  if (cls === 'public') return undefined
  if (cls === 'loopback' && allowLoopback && !embedded) return undefined
  const via = embedded ? ` (${embedded.via} form of ${embedded.ipv4})` : ''
  const shown = address === host ? address : `${host} → ${address}`
  return refuse(cls, `${shown}${via} is not a public address (${cls.replace('_', '-')})`)
}

/**
 * Checks that `raw` may be fetched by the server: http(s), no credentials, a web or unprivileged
 * port, and a host whose every address is public. The URL is normalised by the WHATWG parser first,
 * so decimal, octal and hex IPv4 forms (`http://2130706433`, `http://0177.0.0.1`) are checked as
 * the address they mean. A pass carries the address to connect to: pin the connection to it.
 */
export async function checkEndpoint(raw: string, options: GuardOptions): Promise<GuardResult> {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return refuse('invalid_url', 'not a valid URL')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return refuse('unsupported_scheme', `${url.protocol} is not http or https`)
  if (url.username !== '' || url.password !== '')
    return refuse('credentials', 'URLs with credentials are not fetched')
  if (!portAllowed(url))
    return refuse('port_not_allowed', `port ${url.port} is not a web or unprivileged port`)
  const host = url.hostname
  if (host === '') return refuse('invalid_url', 'the URL has no host')

  if (host.startsWith('[') || isIPv4(host)) {
    const address = host.replace(/^\[|\]$/g, '')
    const refused = checkAddress(address, address, options.allowLoopback)
    return refused ?? { ok: true, url, address, family: isIPv4(address) ? 4 : 6 }
  }

  let addresses: readonly { address: string; family: number }[]
  let timer: NodeJS.Timeout | undefined
  try {
    const answer = (options.lookup ?? defaultLookup)(host)
    const limit = options.dnsTimeoutMs ?? 5000
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('DNS timeout')), limit)
    })
    addresses = await Promise.race([answer, late])
  } catch {
    return refuse('unresolvable', `${host} does not resolve`)
  } finally {
    clearTimeout(timer)
  }
  const [first] = addresses
  if (!first) return refuse('unresolvable', `${host} has no addresses`)
  // Every address must pass: a name with one public and one private address is refused outright.
  for (const { address } of addresses) {
    const refused = checkAddress(address, host, options.allowLoopback)
    if (refused) return refused
  }
  return { ok: true, url, address: first.address, family: first.family === 6 ? 6 : 4 }
}

/** A refusal as one line for storage: `reason: sentence`. */
export function describeRefusal(refusal: GuardRefusal): string {
  return `${refusal.reason}: ${refusal.message}`
}
