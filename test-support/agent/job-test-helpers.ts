import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { JobLog } from '@/agent/jobs/log-reader'
import type { JobResources, RunningJob } from '@/agent/jobs/runner'
import type { JobSpec } from '@/lib/jobs/job-spec'
import type { LogLine } from '@/lib/protocol/job-logs'
import { eventually } from '@/test-support/eventually'

/** Test support for the job runners: real processes, temporary job dirs, cleaned up after. */
export function jobFixture() {
  const dirs: string[] = []
  const jobs: RunningJob[] = []
  return {
    dir(): string {
      const dir = mkdtempSync(join(tmpdir(), 'weft-job-'))
      dirs.push(dir)
      return dir
    },
    /** Remembers a job so that `cleanup` stops it if the test did not. */
    track<T extends RunningJob | undefined>(job: T): T {
      if (job) jobs.push(job)
      return job
    },
    async cleanup(): Promise<void> {
      await Promise.all(jobs.splice(0).map((job) => job.stop()))
      for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** A job running `script` with this Node (by absolute path: the job's PATH is not the test's). */
export const nodeJob = (script: string, env: Record<string, string> = {}): JobSpec => ({
  command: [process.execPath, '-e', script],
  env,
  onExit: 'finish',
})

/** A small share of a machine, as a one-GPU offer of a test host sells it. */
export const TEST_RESOURCES: JobResources = { cpus: 1, memoryMiB: 512, diskMiB: 1024, pids: 256 }

/** Every line of a job's log, read through the paging reader. */
export async function readAllLines(jobDir: string): Promise<LogLine[]> {
  const log = new JobLog(jobDir)
  const lines: LogLine[] = []
  for (let after = 0; ; ) {
    const page = await log.page(after, 1000)
    lines.push(...page.lines)
    if (page.lines.length === 0) return lines
    after = page.next
  }
}

/** The jobs tests' wait: `eventually` with a shorter default, for conditions of one process. */
export function waitFor<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 10_000,
): Promise<T> {
  return eventually('the awaited condition', probe, timeoutMs)
}

/**
 * For tests that start supervisors: each is a Node + tsx process (about half a CPU-second to
 * boot), and concurrent tests on a small shared machine queue behind each other.
 */
export const PROCESS_TEST = { timeout: 30_000 }
