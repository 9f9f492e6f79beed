import { spawn } from 'node:child_process'
import { resolve } from 'node:path'
import { AgentError } from '../core/agent-api'
import { childEnv, jobConfigSchema, readJobFile } from './job-files'
import { prepareJob } from './job-options'
import { launchSupervisor } from './launch-supervisor'
import type { JobRunner, RunningJob, StartJobOptions } from './runner'
import { reattachSupervised } from './supervised-job'

/** What one job's container may use. */
export type ContainerLimits = { cpus: number; memoryMiB: number; pidsLimit: number }

export type DockerRunInput = {
  rentalId: bigint | string
  image?: string
  command: readonly string[]
  env: Readonly<Record<string, string>>
  gpuIndices: readonly number[]
  limits: ContainerLimits
}

export const containerName = (rentalId: bigint | string): string => `weft-${rentalId}`

// Set by the runner, not the renter: NVIDIA_VISIBLE_DEVICES is how the NVIDIA runtime picks GPUs,
// and --gpus already decides it.
const RESERVED_ENV = new Set(['WEFT_RENTAL_ID', 'NVIDIA_VISIBLE_DEVICES'])

/**
 * The exact argv that runs a job in a container: its GPUs only, bounded CPU, memory and process
 * count, no capabilities, no privilege gain, read-only root, no host mounts, bridge network. The
 * image and command come last, so nothing of the renter's is read as a docker option (the image
 * reference is validated by the job-spec schema and cannot start with "-").
 */
export function dockerRunArgs(input: DockerRunInput): string[] {
  const image = requireImage(input.image)
  const { cpus, memoryMiB, pidsLimit } = input.limits
  if (
    !(cpus > 0) ||
    !Number.isInteger(memoryMiB) ||
    memoryMiB < 6 ||
    !Number.isInteger(pidsLimit) ||
    pidsLimit < 1
  ) {
    throw new AgentError('invalid', `container limits must be positive: ${JSON.stringify(input.limits)}`)
  }
  const env = [
    ['WEFT_RENTAL_ID', String(input.rentalId)],
    ...Object.entries(input.env).filter(([name]) => !RESERVED_ENV.has(name)),
  ]
  return [
    'docker',
    'run',
    '--rm',
    '--name',
    containerName(input.rentalId),
    // The quotes are part of the value: --gpus reads CSV, and device=0,1 unquoted is two fields.
    '--gpus',
    `"device=${input.gpuIndices.join(',')}"`,
    '--cpus',
    String(cpus),
    '--memory',
    `${memoryMiB}m`,
    '--pids-limit',
    String(pidsLimit),
    '--security-opt',
    'no-new-privileges',
    '--cap-drop',
    'ALL',
    '--read-only',
    '--tmpfs',
    '/tmp',
    '--network',
    'bridge',
    ...env.flatMap(([name, value]) => ['-e', `${name}=${value}`]),
    image,
    ...input.command,
  ]
}

function requireImage(image: string | undefined): string {
  if (image) return image
  throw new AgentError('invalid', 'this provider runs jobs in containers: the job spec must name an image')
}

/** How the supervisor stops a container: `docker stop` (SIGTERM, then SIGKILL after the grace), then `docker kill`. */
export function dockerStopArgs(rentalId: bigint | string, graceMs: number, docker = 'docker') {
  const name = containerName(rentalId)
  return {
    stopArgv: [docker, 'stop', '-t', String(Math.ceil(graceMs / 1000)), name],
    killArgv: [docker, 'kill', name],
    removeArgv: [docker, 'rm', '-f', name],
  }
}

export type ContainerRunnerOptions = {
  limits: ContainerLimits
  /** The docker CLI; default `docker` on PATH. */
  docker?: string
  /** Environment of the docker CLI itself (DOCKER_HOST, DOCKER_CONFIG …), never passed into the container. */
  dockerEnv?: Readonly<Record<string, string>>
}

/**
 * Runs each job as `docker run` under the same detached supervisor as the process runner, so
 * logs, stop and reattach work the same way; stopping goes through `docker stop`/`docker kill`,
 * because signalling the CLI alone would leave the container running.
 */
export class ContainerRunner implements JobRunner {
  private readonly docker: string

  constructor(private readonly options: ContainerRunnerOptions) {
    this.docker = options.docker ?? 'docker'
  }

  readonly kind = 'container'

  async prepare(options: StartJobOptions): Promise<void> {
    requireImage(options.spec.image)
  }

  async start(options: StartJobOptions): Promise<RunningJob> {
    requireImage(options.spec.image) // before anything touches the disk
    const job = prepareJob(options)
    const args = dockerRunArgs({ ...job, ...job.spec, limits: this.options.limits })
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: job.workDir, ...this.options.dockerEnv }
    const { stopArgv, killArgv } = dockerStopArgs(job.rentalId, job.base.graceMs, this.docker)
    const config = { ...job.base, argv: [this.docker, ...args.slice(1)], env, stopArgv, killArgv }
    return launchSupervisor(job.jobDir, config, options.redact, () => this.remove(job.rentalId, env))
  }

  reattach(jobDir: string): RunningJob | undefined {
    const config = readJobFile(resolve(jobDir), 'job.json', jobConfigSchema)
    if (!config) return undefined
    return reattachSupervised(resolve(jobDir), () => this.remove(config.rentalId, config.env))
  }

  /** A lost job's container may still run (the CLI died, not the container): remove it. */
  private remove(rentalId: string, env: Record<string, string>): void {
    const [program = this.docker, ...args] = dockerStopArgs(rentalId, 0, this.docker).removeArgv
    const command = spawn(program, args, { env: childEnv(env), stdio: 'ignore', detached: true })
    command.on('error', () => undefined) // best effort: the container may be gone already
    command.unref()
  }
}
