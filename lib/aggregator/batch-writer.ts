/**
 * Items written in batches by one writer while producers go on: the poll's fetching never waits on
 * the database, and the database gets a few statements per batch instead of several per provider.
 * The writer lingers up to `lingerMs` for a batch to fill (a write's cost is mostly per statement,
 * and on PGlite it is CPU on this thread), and stops lingering as soon as the batch is full or the
 * writer is closed, so the last batch goes at once. Bounded: `push` waits while `limit` items are
 * queued. `write` must handle its own errors.
 */
export class BatchWriter<T> {
  private readonly queue: T[] = []
  private wake: (() => void) | undefined
  private space: (() => void)[] = []
  private closed = false
  /** Settles once `close` was called and everything queued has been written. */
  readonly done: Promise<void>

  constructor(
    private readonly write: (batch: T[]) => Promise<void>,
    private readonly batchSize = 250,
    private readonly limit = 1000,
    private readonly lingerMs = 100,
  ) {
    this.done = this.run()
  }

  async push(item: T): Promise<void> {
    while (this.queue.length >= this.limit) await new Promise<void>((resolve) => this.space.push(resolve))
    this.queue.push(item)
    if (this.queue.length === 1 || this.queue.length >= this.batchSize) this.wake?.()
  }

  /** No more items: `done` settles when the queue is empty. */
  close(): void {
    this.closed = true
    this.wake?.()
  }

  /** Waits until woken (an item in an empty queue, a full batch, or close), or `ms` at most. */
  private sleep(ms?: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = ms === undefined ? undefined : setTimeout(() => this.wake?.(), ms)
      this.wake = () => {
        clearTimeout(timer)
        this.wake = undefined
        resolve()
      }
    })
  }

  private async run(): Promise<void> {
    for (;;) {
      if (this.queue.length === 0) {
        if (this.closed) return
        await this.sleep()
        continue
      }
      if (this.queue.length < this.batchSize && !this.closed) await this.sleep(this.lingerMs)
      const batch = this.queue.splice(0, this.batchSize)
      for (const resolve of this.space.splice(0)) resolve()
      await this.write(batch)
    }
  }
}
