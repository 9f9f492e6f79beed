import type { JobSpec } from '@/lib/jobs/job-spec'
import type { JobAccess } from './job-exec'

/** How a job ended. `code`/`signal` are those of the job's main process (or `docker run`). */
export type JobExit = {
  code: number | null
  signal: string | null
  /** The job ended because `stop()` (or a SIGTERM to its supervisor) asked it to. */
  stopped?: boolean
  /** Why the job could not be launched, or why its supervisor failed. */
  error?: string
  /** The supervisor vanished without recording an exit: the job's outcome is unknown. */
  lost?: boolean
}

/**
 * What the offer sold this job besides its GPUs, and what the runner enforces: CPU cores, memory,
 * workspace disk and a process count. The runner gives the job exactly this, never the host's all.
 */
export type JobResources = {
  /** CPU cores (may be fractional for a share of a core). */
  cpus: number
  memoryMiB: number
  /** The job's writable workspace (and, for containers, its writable layer). */
  diskMiB: number
  /** Most processes and threads the job may have at once. */
  pids: number
  /**
   * Host CPUs the job is pinned to, one per core sold, so `nproc` inside says what was sold.
   * Absent for a fractional share, which the CPU quota alone bounds.
   */
  cpuset?: readonly number[]
}

export type StartJobOptions = {
  rentalId: bigint
  spec: JobSpec
  /** nvidia-smi indices of the rented GPUs: at least one. */
  gpuIndices: readonly number[]
  /** The CPU, memory, disk and process share the offer sold. */
  resources: JobResources
  /** A directory of this job alone; created if missing, refused if a job was already started in it. */
  jobDir: string
  /** Values that must never appear in the job's log (the provider's keys and tokens). */
  redact: readonly string[]
  /** Total size of the job's log file; default 8 MiB. */
  logLimitBytes?: number
  /** Longest stored line; default 4 KiB. */
  lineLimitBytes?: number
  /** How long a stopped job gets between SIGTERM and SIGKILL; default 10 s. */
  graceMs?: number
}

/** A job under a supervisor: the handle survives the object that created it, through the job dir. */
export interface RunningJob {
  readonly jobDir: string
  /** The job's main process (also its process group id). */
  readonly pid: number
  /** The detached supervisor process watching it. */
  readonly supervisorPid: number
  /** Settles once the job has ended (or is found lost); never rejects. */
  readonly exited: Promise<JobExit>
  /** Stops the job (SIGTERM, SIGKILL after the grace period) and resolves with how it ended. */
  stop(): Promise<JobExit>
}

export type RunnerKind = 'container' | 'sandbox' | 'process'

/**
 * Runs jobs: `container` (Docker) and `sandbox` (bubblewrap) on hosts that rent to strangers,
 * `process` (no isolation) on local chains only. Its `exec` and `dialer` (job-exec.ts) reach
 * inside a running job, never outside it.
 */
export interface JobRunner extends JobAccess {
  readonly kind: RunnerKind
  /**
   * Makes everything the job needs ready before the rental is started on-chain, so the renter
   * never pays for it: the image present (pulled if missing), the workspace created with its
   * quota, and any other check that could refuse the job. Runs nothing of the renter's. Throws
   * JobStartError with a sentence the renter sees; may be called again after a failure.
   */
  prepare(options: StartJobOptions): Promise<void>
  /** Launches the prepared job; resolves once its process runs. */
  start(options: StartJobOptions): Promise<RunningJob>
  /**
   * Gives back what `prepare` held for a job that will never start (its rental was cancelled or
   * refused before start): mounts, a uid, the disk reserved for its workspace. Safe when nothing
   * was prepared; never touches a job that was started.
   */
  discard(jobDir: string): Promise<void>
  /**
   * Finds the job started in `jobDir` by an earlier agent process. Undefined when the job is
   * lost: its supervisor is gone and it recorded no exit (whatever it left running is killed).
   * A job that finished while the agent was away is returned with `exited` already settled.
   */
  reattach(jobDir: string): RunningJob | undefined
}

export const DEFAULT_LOG_LIMIT_BYTES = 8 * 1024 * 1024
export const DEFAULT_LINE_LIMIT_BYTES = 4 * 1024
export const DEFAULT_GRACE_MS = 10_000

/** A job that could not be launched; the message says why (also in the job's log when it got that far). */
export class JobStartError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'JobStartError'
  }
}

/**
 * A job this runner cannot run as its spec asks (no image for the container runner, an environment
 * value it cannot carry, more than the host has), as opposed to a preparation that failed (an image
 * that could not be pulled, a workspace that could not be made). The agent declines such a rental
 * with a reason of its own.
 */
export class JobUnsupportedError extends JobStartError {
  constructor(message: string) {
    super(message)
    this.name = 'JobUnsupportedError'
  }
}
