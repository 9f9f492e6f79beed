/**
 * A small in-process cache for read paths over data that changes only when the aggregator polls:
 * values are fresh for `ttlMs`; for `staleMs` more they are still served while one refresh runs in
 * the background; concurrent misses for one key share a single computation; the oldest entries go
 * once `maxEntries` is reached. Failures are not cached.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { at: number; value: Promise<V>; refreshing?: boolean }>()

  constructor(
    private readonly ttlMs: number,
    private readonly options: { staleMs?: number; maxEntries?: number; now?: () => number } = {},
  ) {}

  private get now() {
    return (this.options.now ?? Date.now)()
  }

  get(key: string, compute: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key)
    const age = hit ? this.now - hit.at : Number.POSITIVE_INFINITY
    if (hit && age < this.ttlMs) return hit.value
    if (hit && age < this.ttlMs + (this.options.staleMs ?? 0)) {
      if (!hit.refreshing) {
        hit.refreshing = true
        const next = compute()
        next.then(
          () => this.store(key, next),
          () => {
            hit.refreshing = false
          },
        )
      }
      return hit.value
    }
    return this.store(key, compute())
  }

  private store(key: string, value: Promise<V>): Promise<V> {
    if (this.entries.size >= (this.options.maxEntries ?? 500) && !this.entries.has(key)) {
      const oldest = this.entries.keys().next().value
      if (oldest !== undefined) this.entries.delete(oldest)
    }
    this.entries.delete(key)
    this.entries.set(key, { at: this.now, value })
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key)
    })
    return value
  }

  clear() {
    this.entries.clear()
  }
}
