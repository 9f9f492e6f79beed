import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  jobFixture,
  nodeJob,
  PROCESS_TEST,
  readAllLines,
  TEST_RESOURCES,
  waitFor,
} from '@/test-support/agent/job-test-helpers'
import { processStart } from './proc-stat'
import { ProcessRunner } from './process-runner'

const fixture = jobFixture()
afterAll(() => fixture.cleanup())
const base = { rentalId: 9n, gpuIndices: [0], redact: [] as string[], resources: TEST_RESOURCES }
const TICKING = `console.log('started'); setInterval(() => console.log('tick'), 100)`

const lineMatching = async (jobDir: string, pattern: RegExp) =>
  waitFor(async () => (await readAllLines(jobDir)).map((l) => pattern.exec(l.text)).find((m) => m !== null))

describe.concurrent('job lifecycle', PROCESS_TEST, () => {
  it('stop() kills the whole process group, a child that ignores SIGTERM after the grace period', async () => {
    const jobDir = fixture.dir()
    const script = `
      const { spawn } = require('node:child_process')
      const child = ['process.on("SIGTERM", () => console.log("child ignores SIGTERM"))',
        'console.log("child ready " + process.pid)', 'setInterval(() => {}, 1000)'].join(';')
      spawn(process.execPath, ['-e', child], { stdio: 'inherit' })
      setInterval(() => {}, 1000)`
    const job = fixture.track(
      await new ProcessRunner().start({ ...base, spec: nodeJob(script), jobDir, graceMs: 1000 }),
    )
    const childPid = Number((await lineMatching(jobDir, /^child ready (\d+)$/))[1])
    expect(processStart(childPid)).toBeDefined()
    const stopAt = Date.now()
    expect(await job.stop()).toEqual({ code: null, signal: 'SIGTERM', stopped: true })
    expect(Date.now() - stopAt).toBeGreaterThanOrEqual(900)
    expect(processStart(childPid)).toBeUndefined()
    expect(processStart(job.pid)).toBeUndefined()
    const texts = (await readAllLines(jobDir)).map((l) => l.text)
    expect(texts).toContain('child ignores SIGTERM')
    expect(texts.slice(-2)).toEqual([
      "1 of the job's processes still ran after the grace period: killed",
      'the job was killed by SIGTERM',
    ])
  })

  it('reattaches from a new runner (an agent restart), stops the job, then reads its recorded exit', async () => {
    const jobDir = fixture.dir()
    const first = fixture.track(await new ProcessRunner().start({ ...base, spec: nodeJob(TICKING), jobDir }))
    await lineMatching(jobDir, /^tick$/)
    const again = new ProcessRunner().reattach(jobDir)
    expect(again).toMatchObject({ pid: first.pid, supervisorPid: first.supervisorPid })
    expect(await again?.stop()).toEqual({ code: null, signal: 'SIGTERM', stopped: true })
    expect(await first.exited).toEqual({ code: null, signal: 'SIGTERM', stopped: true })
    expect(await new ProcessRunner().reattach(jobDir)?.exited).toEqual({
      code: null,
      signal: 'SIGTERM',
      stopped: true,
    })
  })

  it('reads the exit code of a job that finished while no agent watched', async () => {
    const jobDir = fixture.dir()
    const job = await new ProcessRunner().start({ ...base, spec: nodeJob('process.exit(7)'), jobDir })
    await waitFor(() => processStart(job.supervisorPid) === undefined)
    const found = new ProcessRunner().reattach(jobDir)
    expect(await found?.exited).toEqual({ code: 7, signal: null, stopped: false })
  })

  it('reports a job whose supervisor died without an exit as lost, and kills what it left running', async () => {
    const jobDir = fixture.dir()
    const job = await new ProcessRunner().start({ ...base, spec: nodeJob(TICKING), jobDir })
    await lineMatching(jobDir, /^tick$/)
    process.kill(job.supervisorPid, 'SIGKILL')
    await waitFor(() => processStart(job.supervisorPid) === undefined)
    expect(new ProcessRunner().reattach(jobDir)).toBeUndefined()
    await waitFor(() => processStart(job.pid) === undefined)
    expect(await job.exited).toMatchObject({ code: null, signal: null, lost: true })
  })

  it('does not mistake another process that got the recorded pid for the supervisor', async () => {
    const jobDir = fixture.dir()
    mkdirSync(join(jobDir, 'work'))
    const job = { version: 1, rentalId: '9', argv: ['x'], env: {}, cwd: join(jobDir, 'work') }
    const limits = { graceMs: 1000, logLimitBytes: 1 << 20, lineLimitBytes: 4096 }
    writeFileSync(join(jobDir, 'job.json'), JSON.stringify({ ...job, ...limits }))
    // This very process holds the recorded pids now, but started at another time.
    const stale = (processStart(process.pid) ?? 0) + 1
    const state = { pid: process.pid, pidStart: stale, jobPid: process.pid, jobPidStart: stale, startedAt: 0 }
    writeFileSync(join(jobDir, 'supervisor.json'), JSON.stringify(state))
    expect(new ProcessRunner().reattach(jobDir)).toBeUndefined()
    expect(processStart(process.pid)).toBe(stale - 1) // and it was not killed as an orphan
  })
})
