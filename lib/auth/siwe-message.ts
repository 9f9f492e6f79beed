import { getAddress } from 'viem'
import type { SiweMessage } from 'viem/siwe'

/** Limits checked on the raw text, before any parsing. */
export const MAX_MESSAGE_BYTES = 8 * 1024
export const MAX_RESOURCES = 64

type ParsedSiweMessage = SiweMessage & { issuedAt: Date }
type ParseResult = { ok: true; message: ParsedSiweMessage } | { ok: false; problem: string }

const HEADER = ' wants you to sign in with your Ethereum account:'
// RFC 3986 pieces, as EIP-4361's ABNF uses them.
const PCT = '%[0-9A-Fa-f]{2}'
const UNRESERVED_SUB = "A-Za-z0-9\\-._~!$&'()*+,;="
const AUTHORITY = new RegExp(
  `^(?:(?:[${UNRESERVED_SUB}:]|${PCT})*@)?(?:\\[[0-9A-Fa-f:.]+\\]|(?:[${UNRESERVED_SUB}]|${PCT})+)(?::\\d{1,5})?$`,
)
const URI = new RegExp(`^[A-Za-z][A-Za-z0-9+.-]*:(?:[${UNRESERVED_SUB}:/?#\\[\\]@]|${PCT})*$`)
const REQUEST_ID = new RegExp(`^(?:[${UNRESERVED_SUB}:@]|${PCT})*$`)
const STATEMENT = new RegExp(`^[${UNRESERVED_SUB}:/?#\\[\\]@ ]*$`)
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|[+-](\d{2}):(\d{2}))$/

/**
 * Refuses text over the size limits without parsing it: the byte length, then the number of
 * resource lines, counted only up to one past the limit.
 */
export function oversizeProblem(text: string): 'message_too_large' | 'too_many_resources' | undefined {
  if (text.length > MAX_MESSAGE_BYTES || Buffer.byteLength(text, 'utf8') > MAX_MESSAGE_BYTES) {
    return 'message_too_large'
  }
  let count = 0
  for (let at = text.indexOf('\n- '); at !== -1; at = text.indexOf('\n- ', at + 3)) {
    if (++count > MAX_RESOURCES) return 'too_many_resources'
  }
  return undefined
}

/** An RFC 3339 date-time that names a real instant (no 31 February, no hour 24), else undefined. */
export function parseDateTime(value: string): Date | undefined {
  const m = DATE_TIME.exec(value)
  if (!m) return undefined
  const [year, month, day, hour, minute, second, offH = 0, offM = 0] = m.slice(1).map(Number)
  if (year === undefined || month === undefined || day === undefined) return undefined
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate()
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth) return undefined
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59 || offH > 23 || offM > 59) {
    return undefined
  }
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? undefined : date
}

/**
 * Parses an EIP-4361 message strictly: every line in its place, every field in its grammar,
 * nothing before or after. Lenient parsers (viem's is one) skip what they do not recognise;
 * a verifier must not.
 */
export function parseSiweMessageStrict(text: string): ParseResult {
  const fail = (problem: string): ParseResult => ({ ok: false, problem })
  const lines = text.split('\n')
  let i = 0
  const next = () => lines[i++]
  const header = next() ?? ''
  if (!header.endsWith(HEADER))
    return fail('the first line must end with "wants you to sign in with your Ethereum account:"')
  const origin = header.slice(0, -HEADER.length)
  const schemed = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(.*)$/.exec(origin)
  const scheme = schemed?.[1]
  const domain = schemed ? (schemed[2] ?? '') : origin
  if (!AUTHORITY.test(domain)) return fail('the domain is not an RFC 3986 authority')
  const address = next() ?? ''
  if (!/^0x[0-9a-fA-F]{40}$/.test(address) || getAddress(address) !== address) {
    return fail('the address must be an EIP-55 checksummed address')
  }
  if (next() !== '') return fail('a blank line must follow the address')
  let statement: string | undefined
  if (lines[i] !== '') {
    statement = next() ?? ''
    if (!STATEMENT.test(statement)) return fail('the statement holds characters EIP-4361 does not allow')
  }
  if (next() !== '') return fail('a blank line must follow the statement')
  const field = (name: string, optional = false): string | undefined | null => {
    const line = lines[i]
    if (line?.startsWith(`${name}: `)) {
      i++
      return line.slice(name.length + 2)
    }
    return optional ? undefined : null
  }
  const uri = field('URI')
  if (uri == null || !URI.test(uri)) return fail('the URI line is missing or not an RFC 3986 URI')
  if (field('Version') !== '1') return fail('the Version line is missing or not 1')
  const chainId = field('Chain ID')
  if (chainId == null || !/^[1-9]\d*$/.test(chainId) || !Number.isSafeInteger(Number(chainId))) {
    return fail('the Chain ID line is missing or not a chain id')
  }
  const nonce = field('Nonce')
  if (nonce == null || !/^[A-Za-z0-9]{8,128}$/.test(nonce))
    return fail('the Nonce line is missing or not 8+ letters and digits')
  const issuedRaw = field('Issued At')
  const issuedAt = issuedRaw == null ? undefined : parseDateTime(issuedRaw)
  if (!issuedAt) return fail('the Issued At line is missing or not an RFC 3339 date-time')
  const times: { expirationTime?: Date; notBefore?: Date } = {}
  for (const [key, name] of [
    ['expirationTime', 'Expiration Time'],
    ['notBefore', 'Not Before'],
  ] as const) {
    const raw = field(name, true)
    if (raw == null) continue
    const date = parseDateTime(raw)
    if (!date) return fail(`the ${name} line is not an RFC 3339 date-time`)
    times[key] = date
  }
  const requestId = field('Request ID', true)
  if (requestId != null && !REQUEST_ID.test(requestId))
    return fail('the Request ID holds characters EIP-4361 does not allow')
  let resources: string[] | undefined
  if (lines[i] === 'Resources:') {
    i++
    resources = []
    while (lines[i]?.startsWith('- ')) {
      const resource = (next() ?? '').slice(2)
      if (!URI.test(resource)) return fail('a resource is not an RFC 3986 URI')
      resources.push(resource)
    }
  }
  if (i !== lines.length) return fail(`line ${i + 1} is out of place or unknown`)
  return {
    ok: true,
    message: {
      ...(scheme ? { scheme } : {}),
      domain,
      address: getAddress(address),
      ...(statement !== undefined ? { statement } : {}),
      uri,
      version: '1',
      chainId: Number(chainId),
      nonce,
      issuedAt,
      ...times,
      ...(requestId != null ? { requestId } : {}),
      ...(resources ? { resources } : {}),
    },
  }
}
