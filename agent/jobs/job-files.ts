import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { createFileDurably, replaceFileDurably } from '../core/durable-file'

/**
 * The files of one job directory. The supervisor writes them and the agent only reads them, so
 * an agent restart loses nothing: everything it needs to reattach is here.
 *
 * ```
 * <jobDir>/job.json         what to run (written by the runner before the supervisor starts)
 * <jobDir>/supervisor.json  {pid, pidStart, jobPid, jobPidStart, startedAt}
 * <jobDir>/log.jsonl        one LogLine per line, seq from 0
 * <jobDir>/exit.json        {code, signal, endedAt, stopped, error?} once the job has ended
 * <jobDir>/metrics.jsonl    GPU samples (gpu-sampler.ts)
 * <jobDir>/supervisor.log   the supervisor's own stderr (crash traces), never job output
 * <jobDir>/work/            the job's cwd and HOME
 * <jobDir>/sandbox.json     what the sandbox runner set up for the job (sandbox-state.ts)
 * <jobDir>/workspace.img    the workspace's file system of the disk sold, mounted on work/ (workspace-quota.ts)
 * ```
 */
export const jobFile = (jobDir: string, name: JobFileName) => join(jobDir, name)
export type JobFileName =
  | 'job.json'
  | 'supervisor.json'
  | 'log.jsonl'
  | 'exit.json'
  | 'metrics.jsonl'
  | 'supervisor.log'
  | 'work'
  | 'sandbox.json'
  | 'workspace.img'

const argv = z.array(z.string().max(65_536)).min(1).max(1024)

export const jobConfigSchema = z.strictObject({
  version: z.literal(1),
  rentalId: z.string().regex(/^\d{1,78}$/),
  argv,
  env: z.record(z.string(), z.string()),
  cwd: z.string().min(1),
  graceMs: z.number().int().min(0).max(600_000),
  logLimitBytes: z
    .number()
    .int()
    .min(64 * 1024),
  lineLimitBytes: z
    .number()
    .int()
    .min(80)
    .max(1024 * 1024),
  /** Run instead of SIGTERM on a stop (the container runner's `docker stop`). */
  stopArgv: argv.optional(),
  /** Run before SIGKILL once the grace period is over (`docker kill`). */
  killArgv: argv.optional(),
  /**
   * Strings written NUL-terminated to the job's fd 3 (`bwrap --args 3`): options that must stay
   * off every command line, such as the renter's environment. job.json is owner-only.
   */
  fd3Args: z.array(z.string().max(65_536)).max(4096).optional(),
  /** Run once every process of the job is gone, before exit.json is written (releases what the runner set up). */
  cleanupArgv: argv.optional(),
})
export type JobConfig = z.infer<typeof jobConfigSchema>

/** `pidStart`/`jobPidStart` are /proc starttime ticks: with the pid, they name one process. */
export const supervisorStateSchema = z.strictObject({
  pid: z.number().int().positive(),
  pidStart: z.number().int().nonnegative(),
  jobPid: z.number().int().positive().nullable(),
  jobPidStart: z.number().int().nonnegative().nullable(),
  startedAt: z.number(),
})
export type SupervisorState = z.infer<typeof supervisorStateSchema>

export const jobExitSchema = z.strictObject({
  code: z.number().int().nullable(),
  signal: z.string().nullable(),
  endedAt: z.number(),
  /** True when the job ended because a stop was requested (SIGTERM to the supervisor). */
  stopped: z.boolean(),
  /** Set when the job could not be launched or the supervisor failed. */
  error: z.string().optional(),
})
export type JobExitRecord = z.infer<typeof jobExitSchema>

/** Reads and validates a JSON file; undefined when it does not exist (yet). */
export function readJobFile<T>(jobDir: string, name: JobFileName, schema: z.ZodType<T>): T | undefined {
  let text: string
  try {
    text = readFileSync(jobFile(jobDir, name), 'utf8')
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined
    throw error
  }
  const parsed = schema.safeParse(JSON.parse(text))
  if (!parsed.success)
    throw new Error(`${jobFile(jobDir, name)} is invalid: ${z.prettifyError(parsed.error)}`)
  return parsed.data
}

/** Replaces the file in one step, durably and owner-only, so a reader never sees half of it. */
export function writeJobFile(jobDir: string, name: JobFileName, value: unknown): void {
  replaceFileDurably(jobFile(jobDir, name), `${JSON.stringify(value)}\n`)
}

/** Creates the file with its full content (owner-only, durable), failing with EEXIST when it exists. */
export function createJobFile(jobDir: string, name: JobFileName, value: unknown): void {
  createFileDurably(jobFile(jobDir, name), `${JSON.stringify(value)}\n`)
}

export const isErrno = (error: unknown, code: string): boolean =>
  error instanceof Error && 'code' in error && error.code === code

/**
 * An environment for spawn. Next's global types declare NODE_ENV on every ProcessEnv, but a
 * child's environment here is built from scratch and has none: the assertion only says so.
 */
export const childEnv = (vars: Readonly<Record<string, string>>): NodeJS.ProcessEnv =>
  ({ ...vars }) as NodeJS.ProcessEnv
