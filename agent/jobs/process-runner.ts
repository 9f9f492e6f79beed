import { resolve } from 'node:path'
import { type JobSpec, jobArgv } from '@/lib/jobs/job-spec'
import { DIALER_SCRIPT, type ExecPlan, type ExecRequest, jobRunning, programArgv } from './job-exec'
import { jobConfigSchema, readJobFile } from './job-files'
import { prepareJob, validateStartOptions } from './job-options'
import { launchSupervisor } from './launch-supervisor'
import type { JobRunner, RunningJob, StartJobOptions } from './runner'
import { reattachSupervised } from './supervised-job'

export type ProcessRunnerOptions = {
  /** PATH for jobs; default the agent's own PATH (a search path, not a secret). */
  path?: string
  /** LANG for jobs; default C.UTF-8. */
  lang?: string
}

/**
 * The job's whole environment, built from scratch: never the agent's own, which holds the
 * provider's private key. The spec's variables may change PATH, HOME or LANG, but not which GPUs
 * the job sees nor which rental it is.
 */
export function processJobEnv(input: {
  rentalId: string
  spec: JobSpec
  gpuIndices: readonly number[]
  home: string
  path: string
  lang: string
}): Record<string, string> {
  const gpus = input.gpuIndices.join(',')
  return {
    PATH: input.path,
    HOME: input.home,
    LANG: input.lang,
    ...input.spec.env,
    CUDA_VISIBLE_DEVICES: gpus,
    NVIDIA_VISIBLE_DEVICES: gpus,
    WEFT_RENTAL_ID: input.rentalId,
  }
}

/**
 * Runs a job's command directly on the host (argv, no shell) under a detached supervisor. Works
 * anywhere, isolates nothing beyond the environment: the job runs as the agent's user, so hosts
 * that rent to strangers use the container runner. The spec's `image` is not used here.
 */
export class ProcessRunner implements JobRunner {
  private readonly path: string
  private readonly lang: string

  constructor(options: ProcessRunnerOptions = {}) {
    this.path = options.path ?? process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin'
    this.lang = options.lang ?? 'C.UTF-8'
  }

  readonly kind = 'process'

  /** Nothing to fetch: the job dir is created by `start`. Checks the options only. */
  async prepare(options: StartJobOptions): Promise<void> {
    validateStartOptions(options)
  }

  /** `prepare` holds nothing here. */
  async discard(): Promise<void> {}

  async start(options: StartJobOptions): Promise<RunningJob> {
    const job = prepareJob(options)
    const env = processJobEnv({ ...job, home: job.workDir, path: this.path, lang: this.lang })
    return launchSupervisor(
      job.jobDir,
      { ...job.base, argv: [...jobArgv(job.spec)], env },
      options.redact,
      () => undefined,
    )
  }

  reattach(jobDir: string): RunningJob | undefined {
    return reattachSupervised(resolve(jobDir), () => undefined)
  }

  /** The program runs like the job: as the agent's user, in its workspace, with its environment. */
  async exec(jobDir: string, request: ExecRequest): Promise<ExecPlan | undefined> {
    const dir = resolve(jobDir)
    const config = readJobFile(dir, 'job.json', jobConfigSchema)
    if (!config || !jobRunning(dir)) return undefined
    const env = request.tty ? { ...config.env, TERM: request.tty.term } : config.env
    return { argv: programArgv(request.program), env, cwd: config.cwd, discard: () => undefined }
  }

  /** The job shares the host's network: its ports are the host's loopback ports. */
  async dialer(jobDir: string): Promise<ExecPlan | undefined> {
    if (!jobRunning(resolve(jobDir))) return undefined
    const argv = [process.execPath, '-e', DIALER_SCRIPT]
    return { argv, env: {}, cwd: '/', discard: () => undefined }
  }
}
