import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { JobResources, RunningJob, StartJobOptions } from '@/agent/jobs/runner'
import { detectCgroups } from '@/agent/jobs/sandbox-cgroups'
import { cleanupSandbox } from '@/agent/jobs/sandbox-control'
import { netnsPath } from '@/agent/jobs/sandbox-network'
import { SandboxRunner } from '@/agent/jobs/sandbox-runner'
import { readSandboxState, type SandboxState } from '@/agent/jobs/sandbox-state'
import { isMountPoint } from '@/agent/jobs/workspace-quota'
import type { JobSpec } from '@/lib/jobs/job-spec'
import { testRentalId } from './container-test-support'
import { jobFixture, TEST_RESOURCES } from './job-test-helpers'

/**
 * Test support for the sandbox runner on this host's real bubblewrap, cgroups and loop mounts:
 * uid claims, stage and cgroup parent of the test's own, a uid range and rental ids no other
 * test file uses, and `traces`: everything a job may leave on the host, read from the kernel.
 */

const V1_CONTROLLERS = ['cpu', 'memory', 'pids', 'cpuset']

export function sandboxFixture() {
  const jobs = jobFixture()
  const stateDir = mkdtempSync(join(tmpdir(), 'weft-sandbox-state-'))
  const cgroupParent = `weft-test-sandbox-${process.pid}`
  // Above the default range (200000–265535) that the hostile-job suite's runner hands out.
  const uids = { base: 270_000 + (process.pid % 1000) * 16, count: 16 }
  const settings = { stateDir, cgroupParent, uids }
  const runner = new SandboxRunner(settings)
  const started: RunningJob[] = []
  const dirs: string[] = []
  const rentals: bigint[] = []
  const host = detectCgroups()
  return {
    runner,
    /** Another runner object on the same host state, as a restarted agent creates. */
    newRunner: () => new SandboxRunner(settings),
    /** Start options for `script` run by /bin/sh, or, given `undefined`, for an interactive machine. */
    options(script: string | undefined, resources: JobResources = TEST_RESOURCES): StartJobOptions {
      const jobDir = jobs.dir()
      dirs.push(jobDir)
      const rentalId = testRentalId('88')
      rentals.push(rentalId)
      const spec: JobSpec =
        script === undefined
          ? { env: {}, onExit: 'finish' }
          : { command: ['/bin/sh', '-c', script], env: {}, onExit: 'finish' }
      return { rentalId, spec, gpuIndices: [0], resources, jobDir, redact: [], graceMs: 2000 }
    },
    /** prepare then start, as the agent core does. */
    async start(options: StartJobOptions): Promise<RunningJob> {
      await runner.prepare(options)
      const job = await runner.start(options)
      started.push(job)
      return job
    },
    /** The job's cgroup directories, whether or not the runner recorded them (v1: cpuset too). */
    cgroupDirs(rentalId: bigint): string[] {
      if (!host) return []
      const name = `rental-${rentalId}`
      if (host.version === 2) return [join(host.root, cgroupParent, name)]
      return V1_CONTROLLERS.map((c) => join(host.root, c, cgroupParent, name))
    },
    /** What a job holds on the host; all empty once it is gone. */
    traces(options: StartJobOptions) {
      const state = readSandboxState(options.jobDir)
      if (!state) throw new Error(`${options.jobDir} holds no sandbox.json`)
      return traces(state, options.rentalId, this.cgroupDirs(options.rentalId))
    },
    /** Stops the jobs, releases what a failed test left, removes job dirs, state and cgroup parents. */
    async cleanup(): Promise<void> {
      await Promise.all(started.map((job) => job.stop()))
      for (const dir of dirs) await cleanupSandbox(dir)
      await jobs.cleanup()
      rmSync(stateDir, { recursive: true, force: true })
      // What a start that failed before recording its cgroups left, then the parents.
      const controllers = host?.version === 1 ? V1_CONTROLLERS : host ? [''] : []
      const parents = controllers.map((c) => join(host?.root ?? '', c, cgroupParent))
      for (const dir of [...rentals.flatMap((id) => this.cgroupDirs(id)), ...parents]) {
        try {
          rmdirSync(dir)
        } catch {
          // never created, or removed
        }
      }
    },
  }
}

export const NOTHING_LEFT = {
  processes: [],
  cgroups: [],
  netns: false,
  slirp: [],
  mounts: [],
  loops: [],
  uidClaim: false,
}

function traces(state: SandboxState, rentalId: bigint, cgroupDirs: readonly string[]) {
  const netns = netnsPath(`weft-job-${rentalId}`)
  const processes: number[] = []
  const slirp: number[] = []
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8')
      const uids = /^Uid:\s+(.*)$/m.exec(status)?.[1] ?? ''
      // A killed process the host's init has yet to reap is a zombie: it runs and holds nothing.
      const zombie = /^State:\s+Z/m.test(status)
      if (!zombie && uids.split(/\s+/).includes(String(state.uid))) processes.push(Number(pid))
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(netns)) slirp.push(Number(pid))
    } catch {
      // exited meanwhile
    }
  }
  const loops = readdirSync('/sys/block')
    .filter((name) => name.startsWith('loop'))
    .filter((name) => {
      try {
        return readFileSync(`/sys/block/${name}/loop/backing_file`, 'utf8').startsWith(state.image)
      } catch {
        return false // not attached
      }
    })
  return {
    processes,
    cgroups: cgroupDirs.filter((dir) => existsSync(dir)),
    netns: existsSync(netns),
    slirp,
    mounts: [state.workDir, state.stage?.workspace ?? ''].filter((dir) => dir && isMountPoint(dir)),
    loops,
    uidClaim: lstatSync(state.uidClaim, { throwIfNoEntry: false }) !== undefined,
  }
}

/** The cgroup limits of a rental as the kernel reports them (v1 or v2). */
export function kernelLimits(dirs: readonly string[]) {
  const read = (file: string) => {
    const dir = dirs.find((d) => existsSync(join(d, file)))
    return dir ? readFileSync(join(dir, file), 'utf8').trim() : undefined
  }
  const [quota, period] = (read('cpu.max') ?? `${read('cpu.cfs_quota_us')} ${read('cpu.cfs_period_us')}`)
    .split(' ')
    .map(Number)
  return {
    cpus: (quota ?? 0) / (period ?? 1),
    memory: read('memory.max') ?? read('memory.limit_in_bytes'),
    /** v1 counts memory and swap together (equal: no swap); v2 counts swap alone (0). */
    swap: read('memory.swap.max') ?? read('memory.memsw.limit_in_bytes'),
    pids: read('pids.max'),
    cpuset: read('cpuset.cpus'),
  }
}
