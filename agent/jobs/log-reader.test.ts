import { appendFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { LogLine } from '@/lib/protocol/job-logs'
import {
  jobFixture,
  nodeJob,
  PROCESS_TEST,
  TEST_RESOURCES,
  waitFor,
} from '@/test-support/agent/job-test-helpers'
import { JobLog, MAX_PAGE_LINES } from './log-reader'
import { LogWriter } from './log-writer'
import { ProcessRunner } from './process-runner'

const fixture = jobFixture()
afterAll(() => fixture.cleanup())

/** A job dir whose log holds `count` stdout lines "line <i>", written the way the supervisor does. */
function writtenLog(count: number): string {
  const jobDir = fixture.dir()
  const log = new LogWriter(join(jobDir, 'log.jsonl'), {
    limitBytes: 1 << 24,
    lineLimitBytes: 4096,
    redact: [],
  })
  for (let i = 0; i < count; i++) log.write('stdout', Buffer.from(`line ${i}\n`))
  log.end()
  return jobDir
}
const finish = (jobDir: string) => writeFileSync(join(jobDir, 'exit.json'), '{}')
const texts = (lines: readonly LogLine[]) => lines.map((l) => l.text)

describe.concurrent('JobLog', PROCESS_TEST, () => {
  it('pages by cursor, from any point, through the checkpoint index', async () => {
    const jobDir = writtenLog(3000) // about 180 KB: the index scan crosses read chunks
    const log = new JobLog(jobDir, 16)
    expect(await log.page(0, 3)).toMatchObject({ next: 3, done: false })
    expect(texts((await log.page(0, 3)).lines)).toEqual(['line 0', 'line 1', 'line 2'])
    const middle = await log.page(517, 5)
    expect(middle.lines.map((l) => l.seq)).toEqual([517, 518, 519, 520, 521])
    expect(texts(middle.lines)[0]).toBe('line 517')
    // Earlier pages still read right after the index has grown past them.
    expect(texts((await new JobLog(jobDir, 16).page(2998, 10)).lines)).toEqual(['line 2998', 'line 2999'])
    expect((await log.page(31, 1)).lines[0]?.seq).toBe(31)
    expect((await log.page(5000, 10)).lines).toEqual([])
    expect((await log.page(0, 5000)).lines).toHaveLength(MAX_PAGE_LINES)
  })

  it('is done only once the job ended and the last line was read; ignores a half-written line', async () => {
    const jobDir = writtenLog(5)
    appendFileSync(join(jobDir, 'log.jsonl'), '{"seq":5,"at":1,"str')
    const log = new JobLog(jobDir)
    expect(await log.page(0, 100)).toMatchObject({ next: 5, done: false })
    finish(jobDir)
    expect(await log.page(0, 3)).toMatchObject({ next: 3, done: false })
    expect(await log.page(3, 100)).toMatchObject({ next: 5, done: true })
    expect(await new JobLog(fixture.dir()).page(0, 10)).toEqual({ lines: [], next: 0, done: false })
  })

  it('follows a running job from any seq until it ends, then calls onEnd once', async () => {
    const jobDir = fixture.dir()
    const script = `let i = 0; const t = setInterval(() => { console.log('n' + i++); if (i === 8) clearInterval(t) }, 40)`
    const job = fixture.track(
      await new ProcessRunner().start({
        rentalId: 3n,
        gpuIndices: [0],
        resources: TEST_RESOURCES,
        redact: [],
        spec: nodeJob(script),
        jobDir,
      }),
    )
    const seen: LogLine[] = []
    let ends = 0
    const unsubscribe = new JobLog(jobDir).follow(
      2,
      (line) => seen.push(line),
      () => ends++,
      50,
    )
    await job.exited
    await waitFor(() => ends > 0)
    unsubscribe()
    expect(seen.map((l) => l.seq)).toEqual(seen.map((_, i) => i + 2))
    expect(texts(seen)).toEqual(['n2', 'n3', 'n4', 'n5', 'n6', 'n7', 'the job exited with code 0'])
    expect(ends).toBe(1)
  })

  it('delivers nothing more after unsubscribing', async () => {
    const jobDir = writtenLog(3)
    const seen: LogLine[] = []
    const unsubscribe = new JobLog(jobDir).follow(
      0,
      (line) => seen.push(line),
      () => undefined,
      20,
    )
    await waitFor(() => seen.length === 3)
    unsubscribe()
    appendFileSync(
      join(jobDir, 'log.jsonl'),
      `${JSON.stringify({ seq: 3, at: 1, stream: 'stdout', text: 'late' })}\n`,
    )
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(seen).toHaveLength(3)
  })
})
