import { vi } from 'vitest'

/**
 * Resolves with what `probe` gives once it gives something (not undefined, not false); fails
 * after `timeoutMs` saying what did not happen. vi.waitFor does the polling, so a probe that
 * throws (an agent not listening yet) is tried again rather than failing the test at once.
 * Timeouts are generous: these tests wait on real processes on a small, shared machine.
 */
export function eventually<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  return vi.waitFor(
    async () => {
      const value = await probe()
      if (value === undefined || value === false) throw new Error(`${what}: not within ${timeoutMs} ms`)
      return value
    },
    { timeout: timeoutMs, interval: 50 },
  )
}
