/**
 * CPU-bound jobs (signature recoveries) run one after another in the order they were queued, in
 * slices of about `sliceMs`, with a turn of the event loop between slices: sockets are read and
 * timers fire however much work is queued, and a caller that queues several jobs at once gets them
 * back together, before later callers' jobs. (Awaiting each job in a chain of promises instead
 * would keep the event loop from turning until every caller was done.)
 */
export class CpuQueue {
  private readonly jobs: (() => void)[] = []
  private scheduled = false

  constructor(private readonly sliceMs = 8) {}

  /** Runs `work` once the jobs queued before it have run; rejects with what it throws. */
  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.jobs.push(() => {
        try {
          resolve(work())
        } catch (error) {
          reject(error)
        }
      })
      if (!this.scheduled) {
        this.scheduled = true
        setImmediate(this.drain)
      }
    })
  }

  /** Jobs queued and not yet run. */
  get pending(): number {
    return this.jobs.length
  }

  private readonly drain = () => {
    const started = performance.now()
    while (this.jobs.length > 0) {
      this.jobs.shift()?.()
      if (performance.now() - started >= this.sliceMs) break
    }
    if (this.jobs.length > 0) setImmediate(this.drain)
    else this.scheduled = false
  }
}
