/**
 * Calls `attempt` until it gives a value (not undefined) or throws something `retryable` does not
 * accept, pausing `intervalMs` between tries, for at most `withinMs`; then the last answer stands
 * (undefined, or the last error rethrown). For things that settle within seconds by themselves,
 * such as the indexer or an agent catching up with a block just mined.
 */
export async function eventually<T>(
  attempt: () => Promise<T | undefined>,
  options: { withinMs: number; intervalMs: number; retryable?: (error: unknown) => boolean },
): Promise<T | undefined> {
  const deadline = Date.now() + options.withinMs
  for (;;) {
    try {
      const value = await attempt()
      if (value !== undefined || Date.now() >= deadline) return value
    } catch (error) {
      if (!options.retryable?.(error) || Date.now() >= deadline) throw error
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs))
  }
}
