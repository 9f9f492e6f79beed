import { execFile } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { ContainerRunner } from '@/agent/jobs/container-runner'
import type { JobResources, RunningJob, StartJobOptions } from '@/agent/jobs/runner'
import { unmountWorkspace } from '@/agent/jobs/workspace-quota'
import { jobFixture, readAllLines, TEST_RESOURCES, waitFor } from './job-test-helpers'
import { ensureTestImage } from './test-image'

/**
 * Test support for the container runner against the real Docker daemon: jobs in the locally built
 * busybox image, with rental ids no other test file uses, and everything removed afterwards.
 */

const run = promisify(execFile)
let next = 0
/** Distinct per test process, so concurrent test files never share a container name. */
/** A rental id of this test process alone: `prefix` keeps one runner's suite apart from another's. */
export const testRentalId = (prefix = '77'): bigint =>
  BigInt(`${prefix}${process.pid}${String(next++).padStart(3, '0')}`)

export function containerFixture() {
  const jobs = jobFixture()
  const rentals: bigint[] = []
  const dirs: string[] = []
  const started: RunningJob[] = []
  let image = ''
  const runner = new ContainerRunner({ pullTimeoutMs: 60_000 })
  return {
    runner,
    jobs,
    async setup(): Promise<void> {
      image = ensureTestImage()
    },
    image: () => image,
    /** Start options for `script` run by /bin/sh in the test image. */
    options(script: string, extra: Partial<StartJobOptions> & { resources?: JobResources } = {}) {
      const rentalId = testRentalId()
      rentals.push(rentalId)
      const jobDir = jobs.dir()
      dirs.push(jobDir)
      return {
        rentalId,
        spec: { image, command: ['/bin/sh', '-c', script], env: {}, onExit: 'finish' },
        gpuIndices: [0],
        resources: TEST_RESOURCES,
        jobDir,
        redact: [],
        graceMs: 2000,
        ...extra,
      } satisfies StartJobOptions
    },
    /** prepare then start, as the agent core does. */
    async start(options: StartJobOptions): Promise<RunningJob> {
      await runner.prepare(options)
      const job = await runner.start(options)
      started.push(job)
      return job
    },
    /** Stops the jobs, removes what a failed test may have left (containers, mounts), then the job dirs. */
    async cleanup(): Promise<void> {
      await Promise.all(started.map((job) => job.stop()))
      const names = rentals.map((id) => `weft-${id}`)
      if (names.length > 0) await run('docker', ['rm', '--force', ...names]).catch(() => undefined)
      // The workspace, and the read-only mount of kept outputs the access tests make.
      for (const dir of dirs) for (const mount of ['work', 'kept']) await unmountWorkspace(join(dir, mount))
      await jobs.cleanup()
    },
  }
}

/** `key=value` lines a job printed, as a map. */
export async function printedValues(jobDir: string): Promise<Map<string, string>> {
  const lines = await readAllLines(jobDir)
  return new Map(
    lines.flatMap((line) => {
      const match = /^([a-z]+)=(.*)$/.exec(line.text)
      return match?.[1] && match[2] !== undefined ? [[match[1], match[2]] as [string, string]] : []
    }),
  )
}

export const waitForLine = (jobDir: string, text: string, timeoutMs = 30_000) =>
  waitFor(async () => (await readAllLines(jobDir)).some((line) => line.text === text), timeoutMs)

/** Whether a container of that name exists (running or not). */
export async function containerExists(rentalId: bigint): Promise<boolean> {
  const { stdout } = await run('docker', ['ps', '--all', '--quiet', '--filter', `name=^weft-${rentalId}$`])
  return stdout.trim() !== ''
}

/**
 * Starts a job that proves it was given a secret by printing its SHA-256, never the value: the
 * runner tests then look for the value everywhere it must not be. Resolves once the job printed.
 */
export async function startSecretJob(fixture: {
  options(script: string): StartJobOptions
  start(options: StartJobOptions): Promise<RunningJob>
}) {
  const secret = `s3cret-${randomBytes(12).toString('hex')}`
  const digest = createHash('sha256').update(secret).digest('hex')
  const options = fixture.options('printf %s "$WEFT_SECRET" | sha256sum; echo ready; sleep 600')
  options.spec.env = { WEFT_SECRET: secret }
  const job = await fixture.start(options)
  await waitForLine(options.jobDir, 'ready')
  return { secret, digest, options, job }
}
