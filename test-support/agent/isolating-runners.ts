import { mkdtempSync, rmdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ContainerRunner } from '@/agent/jobs/container-runner'
import type { JobRunner } from '@/agent/jobs/runner'
import { sandboxUnavailableReason } from '@/agent/jobs/sandbox-check'
import { SandboxRunner } from '@/agent/jobs/sandbox-runner'
import type { JobSpec } from '@/lib/jobs/job-spec'
import { containerTestsUnavailableReason, ensureTestImage } from './test-image'

/**
 * Every runner that isolates a stranger's job, as the hostile-job suite runs them: each entry
 * says what it lacks on this host (the suite skips it, naming that), creates a runner with
 * test-owned state, and turns a POSIX sh script into its job spec (only busybox/POSIX tools:
 * the same scripts run on the host's /bin and in a busybox image).
 */
export type IsolatingRunner = {
  name: string
  /** Why it cannot run here, or undefined when it can. */
  missing(): string | undefined
  /** A runner whose host-wide state (uid claims, cgroups) is the test's own; `dispose` removes it. */
  create(): { runner: JobRunner; dispose(): void }
  shellJob(script: string, env?: Record<string, string>): JobSpec
}

const sandbox: IsolatingRunner = {
  name: 'sandbox',
  missing: sandboxUnavailableReason,
  create() {
    const stateDir = mkdtempSync(join(tmpdir(), 'weft-sandbox-state-'))
    const cgroupParent = `weft-test-${process.pid}`
    return {
      runner: new SandboxRunner({ stateDir, cgroupParent }),
      dispose() {
        rmSync(stateDir, { recursive: true, force: true })
        for (const controller of ['cpu', 'memory', 'pids', '']) {
          try {
            rmdirSync(join('/sys/fs/cgroup', controller, cgroupParent))
          } catch {
            // not this hierarchy, or removed
          }
        }
      },
    }
  },
  shellJob: (script, env = {}) => ({ command: ['/bin/sh', '-c', script], env, onExit: 'finish' }),
}

// Docker keeps no per-test state of the runner's: containers and mounts go with each job.
const container: IsolatingRunner = {
  name: 'container',
  missing: containerTestsUnavailableReason,
  create: () => ({ runner: new ContainerRunner({ pullTimeoutMs: 60_000 }), dispose: () => undefined }),
  shellJob: (script, env = {}) => ({
    image: ensureTestImage(),
    command: ['/bin/sh', '-c', script],
    env,
    onExit: 'finish',
  }),
}

export const isolatingRunners: IsolatingRunner[] = [sandbox, container]
