import { statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  jobFixture,
  nodeJob,
  PROCESS_TEST,
  readAllLines,
  TEST_RESOURCES,
} from '@/test-support/agent/job-test-helpers'
import { readRssKiB } from './proc-stat'
import { ProcessRunner } from './process-runner'

const fixture = jobFixture()
afterAll(() => fixture.cleanup())

describe('a job printing 200 MB', PROCESS_TEST, () => {
  it('is capped at the log limit, reports the drop, finishes, and memory stays bounded', async () => {
    const limit = 2 * 1024 * 1024
    const lineBytes = 100
    const chunkLines = 10_486 // about 1 MB per write
    const writes = Math.ceil(200e6 / (lineBytes * chunkLines))
    const script = `
      const chunk = Buffer.from(('x'.repeat(${lineBytes - 1}) + '\\n').repeat(${chunkLines}))
      for (let i = 0; i < ${writes}; i++) process.stdout.write(chunk)`
    const jobDir = fixture.dir()
    const agentRssBefore = process.memoryUsage().rss
    const job = fixture.track(
      await new ProcessRunner().start({
        rentalId: 1n,
        gpuIndices: [0],
        resources: TEST_RESOURCES,
        redact: [],
        spec: nodeJob(script),
        jobDir,
        logLimitBytes: limit,
      }),
    )
    let supervisorPeakKiB = 0
    const watch = setInterval(() => {
      supervisorPeakKiB = Math.max(supervisorPeakKiB, readRssKiB(job.supervisorPid) ?? 0)
    }, 10)
    const exit = await job.exited
    clearInterval(watch)

    expect(exit).toEqual({ code: 0, signal: null, stopped: false })
    expect(statSync(join(jobDir, 'log.jsonl')).size).toBeLessThanOrEqual(limit)
    const lines = await readAllLines(jobDir)
    const kept = lines.filter((l) => l.stream === 'stdout').length
    const system = lines.filter((l) => l.stream === 'system').map((l) => l.text)
    const dropped = Number(/^(\d+) bytes of output dropped past the log limit/.exec(system[1] ?? '')?.[1])
    expect(system[0]).toMatch(/^log limit of 2097152 bytes reached/)
    // Every byte the job printed is either in the log or counted as dropped.
    expect(kept * lineBytes + dropped).toBe(writes * chunkLines * lineBytes)
    expect(dropped).toBeGreaterThan(195e6)
    // The supervisor is Node + tsx (about 90 MB); 200 MB passed through it without staying.
    expect(supervisorPeakKiB).toBeGreaterThan(0)
    expect(supervisorPeakKiB / 1024).toBeLessThan(180)
    expect((process.memoryUsage().rss - agentRssBefore) / 2 ** 20).toBeLessThan(64)
  })
})
