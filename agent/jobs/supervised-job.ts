import { setTimeout as sleep } from 'node:timers/promises'
import {
  type JobExitRecord,
  jobConfigSchema,
  jobExitSchema,
  readJobFile,
  type SupervisorState,
  supervisorStateSchema,
} from './job-files'
import { isSameLiveProcess, processStart, signalGroup } from './proc-stat'
import type { JobExit, RunningJob } from './runner'

const POLL_MS = 100
/** How long past the grace period a stop waits on the supervisor before killing everything itself. */
const STOP_SLACK_MS = 10_000

/** The job in `jobDir` as an earlier agent left it; see `JobRunner.reattach`. */
export function reattachSupervised(
  jobDir: string,
  onLost: (state: SupervisorState) => void,
): RunningJob | undefined {
  const state = readJobFile(jobDir, 'supervisor.json', supervisorStateSchema)
  const config = readJobFile(jobDir, 'job.json', jobConfigSchema)
  if (!state || !config) return undefined
  const recorded = () => readJobFile(jobDir, 'exit.json', jobExitSchema)
  const exit = recorded()
  if (exit || isSameLiveProcess(state.pid, state.pidStart)) {
    return new SupervisedJob(jobDir, state, config.graceMs, onLost, exit && toJobExit(exit))
  }
  // Read again: the supervisor may have written its exit and ended between the two reads above.
  const late = recorded()
  if (late) return new SupervisedJob(jobDir, state, config.graceMs, onLost, toJobExit(late))
  killOrphans(state)
  onLost(state)
  return undefined
}

/** Kills what a vanished supervisor left running, unless its pid now names another process. */
export function killOrphans(state: SupervisorState): void {
  if (state.jobPid === null) return
  const start = processStart(state.jobPid)
  if (start === undefined || start === state.jobPidStart) signalGroup(state.jobPid, 'SIGKILL')
}

/** A handle on a supervised job, read from and watched through its job dir. */
export class SupervisedJob implements RunningJob {
  private exitPromise: Promise<JobExit> | undefined

  constructor(
    readonly jobDir: string,
    private readonly state: SupervisorState,
    private readonly graceMs: number,
    private readonly onLost: (state: SupervisorState) => void,
    known?: JobExit,
  ) {
    if (known) this.exitPromise = Promise.resolve(known)
  }

  get pid(): number {
    return this.state.jobPid ?? 0
  }

  get supervisorPid(): number {
    return this.state.pid
  }

  get exited(): Promise<JobExit> {
    // Watched only once someone waits: a handle nobody awaits keeps no timer alive.
    this.exitPromise ??= this.watch()
    return this.exitPromise
  }

  async stop(): Promise<JobExit> {
    const { pid, pidStart } = this.state
    if (isSameLiveProcess(pid, pidStart)) process.kill(pid, 'SIGTERM')
    // A wedged supervisor must not keep a stopped rental's job alive.
    const force = setTimeout(() => {
      killOrphans(this.state)
      if (isSameLiveProcess(pid, pidStart)) process.kill(pid, 'SIGKILL')
    }, this.graceMs + STOP_SLACK_MS)
    try {
      return await this.exited
    } finally {
      clearTimeout(force)
    }
  }

  private async watch(): Promise<JobExit> {
    const { pid, pidStart } = this.state
    for (;;) {
      const exit = readJobFile(this.jobDir, 'exit.json', jobExitSchema)
      if (exit) return toJobExit(exit)
      if (!isSameLiveProcess(pid, pidStart)) {
        const late = readJobFile(this.jobDir, 'exit.json', jobExitSchema)
        if (late) return toJobExit(late)
        killOrphans(this.state)
        this.onLost(this.state)
        return {
          code: null,
          signal: null,
          lost: true,
          error: 'the supervisor ended without recording an exit',
        }
      }
      await sleep(POLL_MS)
    }
  }
}

export const toJobExit = ({ code, signal, stopped, error }: JobExitRecord): JobExit =>
  error === undefined ? { code, signal, stopped } : { code, signal, stopped, error }
