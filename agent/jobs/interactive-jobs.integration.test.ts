import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, describe, expect, it } from 'vitest'
import { jobFixture, TEST_RESOURCES } from '@/test-support/agent/job-test-helpers'
import { sandboxFixture } from '@/test-support/agent/sandbox-test-support'
import { spawnOnPipes } from '../access/job-process'
import type { JobAccess } from './job-exec'
import { ProcessRunner } from './process-runner'
import { sandboxUnavailableReason } from './sandbox-check'

/**
 * An interactive job spec (no command) on the real runners: the job starts, is still up well after
 * it started (its idle program never exits on its own), a command run inside it with `exec` answers,
 * and a stop ends it at once rather than after the grace period.
 */

/** Runs `command` inside the job through the runner's exec plan: its exit code and stdout. */
async function execIn(runner: JobAccess, jobDir: string, command: string) {
  const plan = await runner.exec(jobDir, { program: { kind: 'command', command } })
  if (!plan) throw new Error('the runner gave no exec plan: the job is not running')
  const { child } = spawnOnPipes(plan)
  child.stdin.end()
  let stdout = ''
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8')
  })
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve))
  return { code, stdout }
}

const STAYS_UP_MS = 1500

describe('an interactive job on the process runner', () => {
  const jobs = jobFixture()
  afterAll(() => jobs.cleanup())

  it('starts, stays up, answers exec, and stops at once', async () => {
    const runner = new ProcessRunner()
    const jobDir = jobs.dir()
    const options = {
      rentalId: 9_100n + BigInt(process.pid),
      spec: { env: {}, onExit: 'finish' as const },
      gpuIndices: [0],
      resources: TEST_RESOURCES,
      jobDir,
      redact: [],
      graceMs: 5000,
    }
    await runner.prepare(options)
    const job = jobs.track(await runner.start(options))
    const ended = job.exited.then(() => 'ended' as const)
    expect(await Promise.race([ended, sleep(STAYS_UP_MS, 'up' as const)])).toBe('up')

    expect(await execIn(runner, jobDir, 'echo "inside:$WEFT_RENTAL_ID"; pwd')).toEqual({
      code: 0,
      stdout: `inside:${options.rentalId}\n${jobDir}/work\n`,
    })

    const stopping = Date.now()
    await job.stop()
    const exit = await job.exited
    expect(exit.stopped).toBe(true)
    // The idle program ends on SIGTERM: nothing waits for the 5 s grace period.
    expect(Date.now() - stopping).toBeLessThan(4000)
  })
})

const missing = sandboxUnavailableReason()

describe.skipIf(missing !== undefined)('an interactive job in the bubblewrap sandbox', () => {
  if (missing) it.skip(`skipped: ${missing}`, () => undefined)
  const fixture = sandboxFixture()
  afterAll(() => fixture.cleanup())

  it('starts, stays up, answers exec as the job user inside the sandbox, and stops', async () => {
    const options = fixture.options(undefined)
    const job = await fixture.start(options)
    const ended = job.exited.then(() => 'ended' as const)
    expect(await Promise.race([ended, sleep(STAYS_UP_MS, 'up' as const)])).toBe('up')

    const inside = await execIn(
      fixture.runner,
      options.jobDir,
      'id -u; pwd; echo "pids:$(ls /proc | grep -c "^[0-9]")"',
    )
    expect(inside.code).toBe(0)
    const [uid, cwd, pids] = inside.stdout.trim().split('\n')
    expect(Number(uid)).toBeGreaterThanOrEqual(200_000) // a sandbox uid, not root
    expect(cwd).toBe('/workspace')
    // Its own pid namespace: the idle program and this command, not the host's processes.
    expect(Number(pids?.replace('pids:', ''))).toBeLessThan(10)

    await job.stop()
    expect((await job.exited).stopped).toBe(true)
  })
})
