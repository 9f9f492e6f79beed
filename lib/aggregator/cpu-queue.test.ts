import { describe, expect, it } from 'vitest'
import { CpuQueue } from './cpu-queue'

/** Keeps the CPU busy for `ms`, as a signature recovery does. */
function spin(ms: number) {
  const until = performance.now() + ms
  while (performance.now() < until);
}

describe('CpuQueue', () => {
  it('runs jobs in the order they were queued and hands back each one’s result or error', async () => {
    const queue = new CpuQueue()
    const ran: number[] = []
    const results = await Promise.allSettled([
      queue.run(() => ran.push(1)),
      queue.run(() => {
        throw new Error('not a point')
      }),
      queue.run(() => ran.push(3) * 10),
    ])
    expect(ran).toEqual([1, 3])
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([
      1,
      'not a point',
      20,
    ])
    expect(queue.pending).toBe(0)
  })

  it('lets timers fire between slices however much work is queued', async () => {
    const queue = new CpuQueue(5)
    const order: string[] = []
    const jobs = Array.from({ length: 40 }, (_, i) =>
      queue.run(() => {
        // Set from inside the first slice, so it can only fire once a slice gives the loop a turn
        // (set outside, a loaded machine may fire it before the first slice even starts).
        if (i === 0) setTimeout(() => order.push('timer'), 0)
        spin(1)
        order.push(`job ${i}`)
      }),
    )
    await Promise.all(jobs)
    const timer = order.indexOf('timer')
    // 40 ms of work in 5 ms slices: the timer fires after a few slices, long before the last job.
    expect(timer).toBeGreaterThan(0)
    expect(timer).toBeLessThan(20)
  })

  it('keeps one caller’s jobs together ahead of a later caller’s', async () => {
    const queue = new CpuQueue(1)
    const done: string[] = []
    const caller = (name: string, jobs: number) =>
      Promise.all(Array.from({ length: jobs }, () => queue.run(() => spin(0.5)))).then(() => done.push(name))
    await Promise.all([caller('first', 10), caller('second', 10), caller('third', 1)])
    expect(done).toEqual(['first', 'second', 'third'])
  })
})
