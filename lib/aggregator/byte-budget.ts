/**
 * Bytes buffered from providers' responses across every fetch in flight. A fetch counts each chunk
 * in and pauses its socket while the budget is spent, so memory stays bounded by the budget (plus
 * one chunk per socket) however many connections are open and whatever the bodies' sizes. Slow
 * consumers are not failed here: the per-request timeout ends a fetch that waits too long.
 */
export class ByteBudget {
  private used = 0
  private waiters: (() => void)[] = []

  constructor(readonly limit: number) {}

  get inUse(): number {
    return this.used
  }

  /** Counts `bytes` in; false when the budget is now spent (pause, then wait for `whenFree`). */
  take(bytes: number): boolean {
    this.used += bytes
    return this.used <= this.limit
  }

  give(bytes: number): void {
    this.used -= bytes
    while (this.used <= this.limit && this.waiters.length > 0) this.waiters.shift()?.()
  }

  /** Resolves once some of the budget is free again. */
  whenFree(): Promise<void> {
    if (this.used <= this.limit) return Promise.resolve()
    return new Promise((resolve) => this.waiters.push(resolve))
  }
}
