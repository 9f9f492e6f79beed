import { execFile } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statfsSync, writeFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { printedValues, startSecretJob, waitForLine } from '@/test-support/agent/container-test-support'
import { readAllLines, TEST_RESOURCES } from '@/test-support/agent/job-test-helpers'
import { kernelLimits, NOTHING_LEFT, sandboxFixture } from '@/test-support/agent/sandbox-test-support'
import { type JobResources, JobStartError } from './runner'
import { sandboxUnavailableReason } from './sandbox-check'
import { readSandboxState } from './sandbox-state'

/**
 * The sandbox runner on this host's real bubblewrap, cgroups, network namespaces and loop mounts
 * (root only). Each test reads the outcome from the kernel: the limits in the job's cgroup, what
 * the job itself sees, and that nothing of the job is left on the host once it has ended.
 */
const run = promisify(execFile)
const missing = sandboxUnavailableReason()
const fixture = sandboxFixture()
afterAll(() => fixture.cleanup())

/** Every process's /proc/<pid>/<file> (NULs kept), read the way `ps` reads them. */
function procFiles(file: 'cmdline' | 'environ'): Array<{ pid: number; text: string }> {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((pid) => {
      try {
        return [{ pid: Number(pid), text: readFileSync(`/proc/${pid}/${file}`, 'utf8') }]
      } catch {
        return [] // exited meanwhile
      }
    })
}

/** Who a process is: its real uid, and how many pid namespaces deep it lives (1: the host's). */
function identity(pid: number): { uid: number; depth: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const uid = Number(/^Uid:\s+(\d+)/m.exec(status)?.[1])
  return { uid, depth: /^NSpid:\s+(.*)$/m.exec(status)?.[1]?.trim().split(/\s+/).length ?? 0 }
}

const MiB = 1024 * 1024
const share = { memoryMiB: 256, diskMiB: 64, pids: 100 }
const ownCpus = /^Cpus_allowed_list:\s+(.*)$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]
const limitCases: Array<{ name: string; resources: JobResources; nproc: string; allowed?: string }> = [
  {
    name: 'a whole core pinned to core 1',
    resources: { ...share, cpus: 1, cpuset: [1] },
    nproc: '1',
    allowed: '1',
  },
  // A fractional share is bounded by the quota alone: the job keeps the host's CPUs (as this test has them).
  {
    name: 'half a core',
    resources: { ...share, cpus: 0.5 },
    nproc: String(availableParallelism()),
    allowed: ownCpus,
  },
]

describe.skipIf(missing !== undefined).concurrent('SandboxRunner on bubblewrap', () => {
  if (missing) it.skip(`skipped: ${missing}`, () => undefined)

  it.each(limitCases)(
    'gives $name the share sold (read back from the kernel and inside the job), and leaves nothing once it ends',
    async ({ resources, nproc, allowed }) => {
      const script = `
echo "nproc=$(nproc)"
echo "allowed=$(awk '/^Cpus_allowed_list/ {print $2}' /proc/self/status)"
echo "disk=$(df -k /workspace | tail -1 | awk '{print $2}')"
echo ready
while [ ! -e /workspace/done ]; do sleep 0.1; done`
      const options = fixture.options(script, resources)
      const job = await fixture.start(options)
      await waitForLine(options.jobDir, 'ready')

      const dirs = fixture.cgroupDirs(options.rentalId)
      const limits = kernelLimits(dirs)
      expect(limits.cpus).toBe(resources.cpus)
      expect(limits.memory).toBe(String(256 * MiB))
      if (limits.swap !== undefined) expect(limits.swap).toBe(dirs.length === 1 ? '0' : String(256 * MiB))
      expect(limits.pids).toBe('100')
      expect(limits.cpuset || undefined).toBe(resources.cpuset?.join(','))
      // Everything the job holds, while it runs: the same probes must all read empty afterwards.
      const running = fixture.traces(options)
      expect(running.cgroups).toEqual(dirs.filter((dir) => resources.cpuset || !dir.includes('/cpuset/')))
      for (const dir of running.cgroups) {
        expect(readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n'), dir).toContain(String(job.pid))
      }
      expect(running.processes.length).toBeGreaterThan(0)
      expect(running.slirp).toHaveLength(1)
      expect(running).toMatchObject({ netns: true, uidClaim: true })
      expect(running.mounts).toHaveLength(2) // the workspace, and its bind on the stage
      expect(running.loops).toHaveLength(1)

      const values = await printedValues(options.jobDir)
      expect(values.get('nproc')).toBe(nproc)
      expect(values.get('allowed')).toBe(allowed)
      const diskKiB = Number(values.get('disk'))
      expect(diskKiB).toBeGreaterThan(0.85 * 64 * 1024)
      expect(diskKiB).toBeLessThanOrEqual(64 * 1024)

      writeFileSync(join(options.jobDir, 'work', 'done'), '')
      expect(await job.exited).toEqual({ code: 0, signal: null, stopped: false })
      expect(fixture.traces(options)).toEqual(NOTHING_LEFT)
    },
  )

  it("gives the job its environment off every command line: only the job's own processes hold it", async () => {
    const { secret, digest, options, job } = await startSecretJob(fixture)
    expect((await readAllLines(options.jobDir)).map((line) => line.text)).toContain(`${digest}  -`)
    expect(procFiles('cmdline').filter(({ text }) => text.includes(secret))).toEqual([])
    // Nor in the environment of the supervisor, the launcher (root) or bubblewrap outside the sandbox.
    const holders = procFiles('environ').filter(({ text }) => text.includes(secret))
    expect(holders.length).toBeGreaterThan(0)
    const uid = readSandboxState(options.jobDir)?.uid ?? 0
    expect(holders.map(({ pid }) => identity(pid))).toEqual(holders.map(() => ({ uid, depth: 2 })))
    expect(await job.stop()).toMatchObject({ stopped: true })
  })

  it('is found again and stopped by a new runner object, the stop leaving nothing of a job that resists it', async () => {
    // SIGTERM is ignored, and one process sits in a session of its own: only the cgroup still holds it.
    const options = fixture.options('trap "" TERM; setsid sleep 600 & echo ready; while :; do sleep 1; done')
    const first = await fixture.start(options)
    await waitForLine(options.jobDir, 'ready')
    const job = fixture.newRunner().reattach(options.jobDir)
    expect(job?.supervisorPid).toBe(first.supervisorPid)
    expect(fixture.traces(options).processes.length).toBeGreaterThanOrEqual(3)
    expect(await job?.stop()).toMatchObject({ stopped: true })
    const lines = (await readAllLines(options.jobDir)).map((line) => line.text)
    expect(lines).toContain('grace period over: the job is killed')
    expect(fixture.traces(options)).toEqual(NOTHING_LEFT)
  })

  it('gives back what prepare held when the rental is cancelled before start, and keeps a started job', async () => {
    const options = fixture.options('echo never')
    await fixture.runner.prepare(options)
    const image = readSandboxState(options.jobDir)?.image ?? ''
    expect(existsSync(image)).toBe(true)
    expect(fixture.traces(options)).not.toEqual(NOTHING_LEFT)
    await fixture.runner.discard(options.jobDir)
    expect(fixture.traces(options)).toEqual(NOTHING_LEFT)
    expect(existsSync(image)).toBe(false)

    const started = fixture.options('echo ready; sleep 600')
    const job = await fixture.start(started)
    await waitForLine(started.jobDir, 'ready')
    await fixture.runner.discard(started.jobDir)
    expect(fixture.traces(started).processes.length).toBeGreaterThan(0)
    await job.stop()
  })

  it('refuses in prepare a workspace larger than the free disk, saying so, and leaves nothing behind', async () => {
    const options = fixture.options('echo never', { ...TEST_RESOURCES, diskMiB: 64 })
    // A disk of the job dir's own, smaller than the share: filling it while trying harms nobody else.
    await run('mount', ['-t', 'tmpfs', '-o', 'size=16m,mode=0700', 'weft-test-disk', options.jobDir])
    try {
      const { bavail, bsize } = statfsSync(options.jobDir)
      expect(bavail * bsize).toBeLessThan(64 * MiB)
      const error = await fixture.runner.prepare(options).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(JobStartError)
      expect(String((error as Error).message)).toMatch(/workspace .*could not be created: .+/)
      expect(fixture.traces(options)).toEqual(NOTHING_LEFT)
      expect(existsSync(readSandboxState(options.jobDir)?.image ?? '')).toBe(false)
      expect(existsSync(join(options.jobDir, 'job.json'))).toBe(false)
    } finally {
      await run('umount', [options.jobDir])
    }
  })
})
