import { lazyFormatter } from './lazy-formatter'
import { FORMAT_LOCALE } from './locale'

const local = lazyFormatter(
  () =>
    new Intl.DateTimeFormat(FORMAT_LOCALE, {
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    }),
)

/**
 * A moment as "Nov 25, 14:03:09" in the reader's time zone. The server does not know that zone,
 * so only what renders in the browser may call it (components/local-moment.tsx does).
 */
export function formatMoment(ms: number): string {
  return local().format(new Date(ms))
}

const utc = lazyFormatter(
  () =>
    new Intl.DateTimeFormat(FORMAT_LOCALE, {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: 'UTC',
    }),
)

/** A moment the server renders, in UTC and saying so: "Jan 2, 2026, 3:04 PM UTC"; null reads "never". */
export function formatUtcMoment(at: Date | string | null): string {
  return at === null ? 'never' : `${utc().format(new Date(at))} UTC`
}
