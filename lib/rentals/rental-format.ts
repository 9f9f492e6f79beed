import { formatUnits } from 'viem'

/** The payment token's decimals: USDC and the local test USDC both use 6. */
const DECIMALS = 6

/**
 * A USDC amount with every significant decimal (so a per-second cost visibly moves and what is
 * shown is what the escrow moves, to the unit), at least cents, thousands grouped: "1,234.50 USDC".
 */
export function formatUsdc(units: bigint): string {
  const [whole = '0', fraction = ''] = formatUnits(units, DECIMALS).split('.')
  const negative = whole.startsWith('-')
  const digits = (negative ? whole.slice(1) : whole).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${negative ? '-' : ''}${digits}.${fraction.padEnd(2, '0')} USDC`
}

const pad = (n: number) => String(n).padStart(2, '0')

/** Time left as a clock: "0:04:05", "12:00:00", "3 d 01:00:00". */
export function formatCountdown(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds))
  const days = Math.floor(s / 86_400)
  const hours = Math.floor((s % 86_400) / 3600)
  const clock = `${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`
  return days > 0 ? `${days} d ${pad(hours)}:${clock}` : `${hours}:${clock}`
}

/** A length of time in words, rounded down to the minute past an hour: "45 s", "12 min", "2 h 30 min". */
export function formatSpan(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds))
  if (s < 60) return `${s} s`
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`
  const days = Math.floor(s / 86_400)
  const hours = Math.floor((s % 86_400) / 3600)
  const minutes = Math.floor((s % 3600) / 60)
  const parts = [days ? `${days} d` : '', hours ? `${hours} h` : '', minutes ? `${minutes} min` : '']
  return parts.filter(Boolean).join(' ')
}

const dateTime = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
})

/** A moment as "25 Nov, 14:03:09", in the reader's time zone. */
export function formatMoment(ms: number): string {
  return dateTime.format(new Date(ms))
}

/** "0x1234ab…cdef": a transaction hash short enough for a row, long enough to recognise. */
export function shortHash(hash: string): string {
  return hash.length > 16 ? `${hash.slice(0, 8)}…${hash.slice(-6)}` : hash
}

/** GPU model ids read better with spaces: "H100-SXM-80GB" → "H100 SXM 80GB". */
export function gpuLabel(model: string | null, count: number | null): string {
  const name = model ? model.replaceAll('-', ' ') : 'GPU'
  return count && count > 1 ? `${count} × ${name}` : name
}
