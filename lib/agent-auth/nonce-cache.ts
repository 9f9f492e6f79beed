/**
 * Remembers the nonces of accepted signed requests so each is accepted once.
 *
 * An entry only has to outlive the freshness window on both sides of its timestamp: past
 * 2 × window after it was first seen, its timestamp is stale anyway and the freshness check
 * rejects it. So entries expire then, and memory follows the request rate, not the uptime.
 *
 * The cache is also bounded in count, because anyone with any key can sign a valid request.
 * Evicting a live entry must not reopen a replay, so eviction raises a floor: a request whose
 * signed timestamp is at or below the newest evicted timestamp is refused as a possible replay.
 * Under a flood only requests carrying old timestamps suffer; fresh ones pass.
 */
export class NonceCache {
  // Insertion order is expiry order (one lifetime for all), so the oldest entries come first.
  readonly #entries = new Map<string, { timestamp: number; expiresAt: number }>()
  readonly #maxEntries: number
  readonly #lifetimeMs: number
  #floor = Number.NEGATIVE_INFINITY

  constructor(options: { maxEntries?: number; windowSeconds: number }) {
    this.#maxEntries = options.maxEntries ?? 100_000
    if (!Number.isInteger(this.#maxEntries) || this.#maxEntries < 1) {
      throw new RangeError('maxEntries must be a whole number of at least 1')
    }
    this.#lifetimeMs = 2 * options.windowSeconds * 1000
  }

  get size(): number {
    return this.#entries.size
  }

  /** True when `key` was accepted before (or may have been, below the eviction floor). */
  seen(key: string, timestamp: number, nowMs: number): boolean {
    this.#expire(nowMs)
    return timestamp <= this.#floor || this.#entries.has(key)
  }

  /**
   * Records `key` unless seen; returns false when it was. Synchronous, so two concurrent copies
   * of one request cannot both pass between a check and a record.
   */
  add(key: string, timestamp: number, nowMs: number): boolean {
    if (this.seen(key, timestamp, nowMs)) return false
    while (this.#entries.size >= this.#maxEntries) {
      const oldest = this.#entries.entries().next().value
      if (!oldest) break
      this.#entries.delete(oldest[0])
      this.#floor = Math.max(this.#floor, oldest[1].timestamp)
    }
    this.#entries.set(key, { timestamp, expiresAt: nowMs + this.#lifetimeMs })
    return true
  }

  #expire(nowMs: number): void {
    for (const [key, entry] of this.#entries) {
      if (entry.expiresAt > nowMs) break
      this.#entries.delete(key)
    }
  }
}
