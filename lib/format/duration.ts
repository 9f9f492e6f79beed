import { formatDecimal } from './en-us-number'

type Unit = readonly [seconds: number, label: string]

const WEEK: Unit = [7 * 86_400, 'w']
const DAY: Unit = [86_400, 'd']
const HOUR: Unit = [3600, 'h']
const MINUTE: Unit = [60, 'min']
const SECOND: Unit = [1, 's']

/** Spells `seconds` in `units`, largest first, skipping zeros; `gapEnds` stops at the first zero after a part. */
function spell(seconds: number, units: readonly Unit[], maxParts: number, gapEnds: boolean): string {
  const parts: string[] = []
  let rest = seconds
  for (const [size, label] of units) {
    if (parts.length === maxParts) break
    const amount = Math.floor(rest / size)
    if (amount > 0) {
      parts.push(`${amount} ${label}`)
      rest -= amount * size
    } else if (gapEnds && parts.length > 0) {
      break // "1 w 0 d 3 h" reads worse than "1 w"
    }
  }
  return parts.join(' ')
}

/**
 * A length of time in words. 'approximate' (offer terms, choices): at most two units, rounded down
 * to whole minutes: 5400 → "1 h 30 min", 9 days → "1 w 2 d", 45 → "45 s". 'exact' (what a rental
 * ran or paid for, where amounts are compared): every unit down to minutes, seconds below an hour:
 * 725 → "12 min 5 s", 86460 → "1 d 1 min".
 */
export function formatDuration(seconds: number, precision: 'approximate' | 'exact' = 'approximate'): string {
  if (!Number.isFinite(seconds)) return '—'
  if (precision === 'approximate') {
    if (seconds < 0) return '—'
    if (seconds < 60) return `${Math.floor(seconds)} s`
    return spell(Math.floor(seconds / 60) * 60, [WEEK, DAY, HOUR, MINUTE], 2, true)
  }
  const s = Math.max(0, Math.floor(seconds))
  if (s < 60) return `${s} s`
  return spell(s, s < 3600 ? [MINUTE, SECOND] : [DAY, HOUR, MINUTE], 3, false)
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

/** A duration in hours, as the hours fields take it: 5400 → "1.5 h", 36 → "0.01 h". */
export function formatHours(seconds: number): string {
  return `${formatDecimal(seconds / 3600, 0, 2)} h`
}

/** How long ago, in the largest whole unit: "just now", "45 s ago", "12 min ago", "2 d ago". */
export function formatAgo(then: Date, now: Date): string {
  const seconds = Math.max(0, Math.floor((now.getTime() - then.getTime()) / 1000))
  if (seconds < 5) return 'just now'
  const [size, label] = [DAY, HOUR, MINUTE].find(([size]) => seconds >= size) ?? SECOND
  return `${Math.floor(seconds / size)} ${label} ago`
}
