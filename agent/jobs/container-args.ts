import type { JobResources } from './runner'
import { JobStartError, JobUnsupportedError } from './runner'

/**
 * The pure half of the container runner: the exact docker argv for one job and the content of its
 * env file. Nothing here runs docker, so every flag is checked by unit tests.
 */

/** The Docker network every job joins (jobs-network.ts creates it and its firewall). */
export const JOBS_NETWORK = 'weft-jobs'
/** Where the job's workspace appears in its container: its cwd and HOME. */
export const CONTAINER_WORKSPACE = '/workspace'
/**
 * The user jobs run as: no name on the host and no capabilities, so what escapes the container's
 * namespaces is an unprivileged stranger. Numeric, so it works in images that have no such user.
 */
export const JOB_UID = 64_000

export const containerName = (rentalId: bigint | string): string => `weft-${rentalId}`

export type ContainerCreateInput = {
  rentalId: string
  image: string
  command: readonly string[]
  resources: JobResources
  gpuIndices: readonly number[]
  /** Runtimes from `docker info`: GPUs are passed only where the NVIDIA runtime is installed. */
  runtimes: readonly string[]
  /** Host directory (the mounted workspace quota) bind-mounted at /workspace. */
  workspaceDir: string
  envFile: string
}

/** `--gpus` for the rented GPUs, or nothing when the host has no NVIDIA runtime to honour it. */
export function gpuArgs(gpuIndices: readonly number[], runtimes: readonly string[]): string[] {
  if (gpuIndices.length === 0 || !runtimes.includes('nvidia')) return []
  // The quotes are part of the value: --gpus reads CSV, and device=0,1 unquoted is two fields.
  return ['--gpus', `"device=${gpuIndices.join(',')}"`]
}

/**
 * `docker create` arguments (after the program name) for one job: only the share the offer sold
 * (CPU quota, memory with swap equal to it, processes), no capabilities, no privilege gain, a
 * non-root user, read-only root with the quota'd workspace as the only writable disk, /tmp and
 * /dev/shm in memory (charged to the job's memory limit), the jobs network, and no docker log
 * (the supervisor keeps the capped log). The image and command come after `--`, so nothing of
 * the renter's is read as a docker option.
 */
export function dockerCreateArgs(input: ContainerCreateInput): string[] {
  const { cpus, memoryMiB, pids } = input.resources
  if (/[",\n]/.test(input.workspaceDir)) {
    throw new JobStartError(`the workspace path cannot be passed to docker: ${input.workspaceDir}`)
  }
  // biome-ignore format: one flag and its value per line reads better
  return [
    'create', '--rm', '--name', containerName(input.rentalId),
    '--label', `weft.rental=${input.rentalId}`,
    '--env-file', input.envFile,
    ...gpuArgs(input.gpuIndices, input.runtimes),
    '--cpus', String(cpus),
    ...(input.resources.cpuset ? ['--cpuset-cpus', input.resources.cpuset.join(',')] : []),
    '--memory', `${memoryMiB}m`,
    '--memory-swap', `${memoryMiB}m`,
    '--pids-limit', String(pids),
    '--cap-drop', 'ALL',
    '--security-opt', 'no-new-privileges',
    '--user', `${JOB_UID}:${JOB_UID}`,
    '--read-only',
    '--tmpfs', `/tmp:rw,nosuid,nodev,size=${memoryMiB}m,mode=1777`,
    '--ipc', 'private',
    '--shm-size', `${memoryMiB}m`,
    '--mount', `type=bind,source=${input.workspaceDir},target=${CONTAINER_WORKSPACE}`,
    '--workdir', CONTAINER_WORKSPACE,
    '--network', JOBS_NETWORK,
    '--log-driver', 'none',
    '--', input.image, ...input.command,
  ]
}

/**
 * The job's environment: HOME at the workspace unless the renter says otherwise; which GPUs it
 * sees and which rental it is are set here. Without `--gpus`, NVIDIA_VISIBLE_DEVICES=void keeps an
 * image's own `=all` from exposing every GPU through a default NVIDIA runtime.
 */
export function containerEnv(
  rentalId: string,
  specEnv: Readonly<Record<string, string>>,
  withGpus: boolean,
): Record<string, string> {
  const { NVIDIA_VISIBLE_DEVICES: _ignored, ...env } = specEnv
  return {
    HOME: CONTAINER_WORKSPACE,
    ...env,
    ...(withGpus ? {} : { NVIDIA_VISIBLE_DEVICES: 'void' }),
    WEFT_RENTAL_ID: rentalId,
  }
}

/**
 * An `--env-file`: one NAME=value a line. Docker's format has no quoting, so a value holding a line
 * break cannot be carried and is refused rather than cut.
 */
export function envFileText(env: Readonly<Record<string, string>>): string {
  const lines = Object.entries(env).map(([name, value]) => {
    if (/[\r\n]/.test(value) || /[\s=]/.test(name)) {
      throw new JobUnsupportedError(
        `the environment variable ${name} holds a line break, which a container's environment cannot carry`,
      )
    }
    return `${name}=${value}\n`
  })
  return lines.join('')
}

/** The supervisor's commands for one container: attach to it, stop it, kill it. */
export function containerCommands(rentalId: string, graceMs: number, docker = 'docker') {
  const name = containerName(rentalId)
  return {
    argv: [docker, 'start', '--attach', name],
    stopArgv: [docker, 'stop', '--time', String(Math.ceil(graceMs / 1000)), name],
    killArgv: [docker, 'kill', name],
  }
}
