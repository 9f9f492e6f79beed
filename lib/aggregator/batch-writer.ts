/**
 * Items written in batches by one writer while producers go on: the poll's fetching never waits on
 * the database, and the database gets a few statements per batch instead of several per provider.
 * The writer lingers a moment for a batch to fill (a write's cost is mostly per statement, and on
 * PGlite it is CPU on this thread). Bounded: `push` waits while `limit` items are queued. `write`
 * must handle its own errors.
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
    private readonly batchSize = 100,
    private readonly limit = 500,
    private readonly lingerMs = 50,
  ) {
    this.done = this.run()
  }

  async push(item: T): Promise<void> {
    while (this.queue.length >= this.limit) await new Promise<void>((resolve) => this.space.push(resolve))
    this.queue.push(item)
    this.wake?.()
  }

  /** No more items: `done` settles when the queue is empty. */
  close(): void {
    this.closed = true
    this.wake?.()
  }

  private async run(): Promise<void> {
    for (;;) {
      if (this.queue.length === 0) {
        if (this.closed) return
        await new Promise<void>((resolve) => {
          this.wake = resolve
        })
        this.wake = undefined
        continue
      }
      if (this.queue.length < this.batchSize && !this.closed)
        await new Promise((resolve) => setTimeout(resolve, this.lingerMs))
      const batch = this.queue.splice(0, this.batchSize)
      for (const resolve of this.space.splice(0)) resolve()
      await this.write(batch)
    }
  }
}
