import { existsSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { jobArgv } from '@/lib/jobs/job-spec'
import {
  containerCommands,
  containerEnv,
  containerName,
  dockerCreateArgs,
  envFileText,
  gpuArgs,
  JOB_UID,
} from './container-args'
import { containerDialerPlan, containerExecPlan } from './container-exec'
import { DEFAULT_PULL_TIMEOUT_MS, ensureImage } from './container-image'
import { ContainerJob } from './container-job'
import {
  type DockerCli,
  type DockerHostInfo,
  dockerCliEnv,
  dockerError,
  dockerHostInfo,
  runDocker,
} from './docker-cli'
import type { ExecPlan, ExecRequest } from './job-exec'
import { jobConfigSchema, jobFile, readJobFile } from './job-files'
import { type PreparedJob, prepareJob, validateStartOptions } from './job-options'
import { ensureJobsIsolation } from './jobs-network'
import { launchSupervisor } from './launch-supervisor'
import {
  type JobRunner,
  JobStartError,
  JobUnsupportedError,
  type RunningJob,
  type StartJobOptions,
} from './runner'
import { reattachSupervised } from './supervised-job'
import {
  createWorkspaceImage,
  discardWorkspace,
  mountWorkspace,
  unmountWorkspace,
  workspaceImage,
} from './workspace-quota'

export type ContainerRunnerOptions = DockerCli & {
  /** Longest an image pull may take in `prepare`; default 15 minutes. */
  pullTimeoutMs?: number
}

/**
 * Runs each job in a Docker container confined to what the offer sold (container-args.ts), on the
 * jobs network behind its firewall (jobs-network.ts), with a workspace quota (workspace-quota.ts).
 * The container is created first (its environment through an env file removed right after), then
 * `docker start --attach` runs under the same detached supervisor as the process runner, so logs,
 * stop and reattach work the same way; stopping goes through `docker stop` then `docker kill`,
 * because signalling the CLI alone would leave the container running.
 */
export class ContainerRunner implements JobRunner {
  readonly kind = 'container'
  private hostInfo: Promise<DockerHostInfo> | undefined

  constructor(private readonly options: ContainerRunnerOptions = {}) {}

  /** Image present, jobs network and firewall in place, workspace image of the rented size. */
  async prepare(options: StartJobOptions): Promise<void> {
    const { spec, resources } = validateStartOptions(options)
    const image = requireImage(spec.image)
    envFileText(spec.env) // a value Docker cannot carry refuses the job before anything is done
    const host = await this.knownHostInfo()
    // Docker refuses these at create, which comes after the rental is paid: refuse them now.
    if (resources.cpus > host.cpus || resources.memoryMiB * 1024 * 1024 > host.memoryBytes) {
      throw new JobUnsupportedError(
        `this host cannot give ${resources.cpus} CPUs and ${resources.memoryMiB} MiB: Docker has ${host.cpus} CPUs and ${Math.floor(host.memoryBytes / 1024 / 1024)} MiB`,
      )
    }
    await ensureImage(this.options, image, this.options.pullTimeoutMs ?? DEFAULT_PULL_TIMEOUT_MS)
    await ensureJobsIsolation(this.options).catch((error: unknown) => {
      if (error instanceof JobStartError) throw error
      throw new JobStartError(`the jobs network could not be set up: ${String(error)}`)
    })
    const job = prepareJob(options)
    await createWorkspaceImage(workspaceImage(job.jobDir), resources.diskMiB, JOB_UID)
  }

  async start(options: StartJobOptions): Promise<RunningJob> {
    requireImage(validateStartOptions(options).spec.image) // before anything touches the disk
    const job = prepareJob(options)
    if (existsSync(jobFile(job.jobDir, 'job.json'))) {
      throw new JobStartError(`a job was already started in ${job.jobDir}`)
    }
    const { runtimes } = await this.knownHostInfo()
    await createWorkspaceImage(workspaceImage(job.jobDir), job.resources.diskMiB, JOB_UID)
    await mountWorkspace(workspaceImage(job.jobDir), job.workDir)
    const release = this.releaser(job.rentalId, job.workDir)
    try {
      await this.create(job, runtimes)
      const commands = containerCommands(job.rentalId, job.base.graceMs, this.options.docker)
      // The CLI runs in the job dir, not the workspace: its cwd would keep the quota mounted.
      const config = { ...job.base, ...commands, cwd: job.jobDir, env: dockerCliEnv(this.options) }
      const supervised = await launchSupervisor(job.jobDir, config, options.redact, () => void release())
      return new ContainerJob(supervised, release)
    } catch (error) {
      await release()
      throw error
    }
  }

  async discard(jobDir: string): Promise<void> {
    await discardWorkspace(resolve(jobDir))
  }

  reattach(jobDir: string): RunningJob | undefined {
    const dir = resolve(jobDir)
    const config = readJobFile(dir, 'job.json', jobConfigSchema)
    if (!config) return undefined
    const release = this.releaser(config.rentalId, jobFile(dir, 'work'))
    const job = reattachSupervised(dir, () => void release())
    return job && new ContainerJob(job, release)
  }

  async exec(jobDir: string, request: ExecRequest): Promise<ExecPlan | undefined> {
    return containerExecPlan(this.options, resolve(jobDir), request)
  }

  dialer(jobDir: string): Promise<ExecPlan | undefined> {
    return containerDialerPlan(this.options, resolve(jobDir))
  }

  /** `docker create` with the environment in a 0600 file that exists only while the CLI reads it. */
  private async create(job: PreparedJob, runtimes: string[]): Promise<void> {
    const image = requireImage(job.spec.image)
    const withGpus = gpuArgs(job.gpuIndices, runtimes).length > 0
    const envFile = join(job.jobDir, 'container.env')
    rmSync(envFile, { force: true }) // left by a crash mid-create: never reuse another's file
    writeFileSync(envFile, envFileText(containerEnv(job.rentalId, job.spec.env, withGpus)), {
      mode: 0o600,
      flag: 'wx',
    })
    try {
      const args = dockerCreateArgs({
        ...job,
        ...job.spec,
        command: jobArgv(job.spec),
        image,
        runtimes,
        workspaceDir: job.workDir,
        envFile,
      })
      const created = await runDocker(this.options, args, { timeoutMs: 60_000 })
      if (created.code !== 0) {
        throw new JobStartError(`the container could not be created: ${dockerError(created)}`)
      }
    } finally {
      rmSync(envFile, { force: true })
    }
  }

  private knownHostInfo(): Promise<DockerHostInfo> {
    this.hostInfo ??= dockerHostInfo(this.options).catch((error: unknown) => {
      this.hostInfo = undefined
      throw new JobStartError(`docker could not be asked what it offers: ${String(error)}`)
    })
    return this.hostInfo
  }

  /**
   * What a job leaves once it has ended or been lost: its container (removed; `--rm` usually has
   * already) and its workspace mount (unmounted; the image file and the renter's files stay in the
   * job dir). Runs once however many paths ask.
   */
  private releaser(rentalId: string, workDir: string): () => Promise<void> {
    let released: Promise<void> | undefined
    return () => {
      released ??= (async () => {
        await runDocker(this.options, ['rm', '--force', containerName(rentalId)], { timeoutMs: 60_000 })
        await unmountWorkspace(workDir)
      })().catch((error: unknown) => {
        console.error(`rental ${rentalId}: the job's container or workspace could not be released: ${error}`)
      })
      return released
    }
  }
}

function requireImage(image: string | undefined): string {
  if (image) return image
  throw new JobUnsupportedError('this provider runs jobs in containers: the job spec must name an image')
}
