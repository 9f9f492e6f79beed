import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { type JobSpec, jobSpecSchema } from '@/lib/jobs/job-spec'
import { AgentError } from '../core/agent-api'
import { type JobConfig, jobFile } from './job-files'
import {
  DEFAULT_GRACE_MS,
  DEFAULT_LINE_LIMIT_BYTES,
  DEFAULT_LOG_LIMIT_BYTES,
  type JobResources,
  type StartJobOptions,
} from './runner'

/** What both runners check and prepare before they write job.json. */
export type PreparedJob = {
  rentalId: string
  spec: JobSpec
  gpuIndices: number[]
  resources: JobResources
  /** Absolute: the supervisor runs with its own cwd. */
  jobDir: string
  /** The job's cwd and HOME, inside the job dir but apart from the supervisor's files. */
  workDir: string
  base: Pick<JobConfig, 'version' | 'rentalId' | 'cwd' | 'graceMs' | 'logLimitBytes' | 'lineLimitBytes'>
}

/**
 * Checks start options without touching the disk (the spec crosses its schema again: this is the
 * edge where it turns into processes). Throws AgentError('invalid') with a sentence.
 */
export function validateStartOptions(options: StartJobOptions): {
  spec: JobSpec
  gpuIndices: number[]
  resources: JobResources
} {
  const parsed = jobSpecSchema.safeParse(options.spec)
  if (!parsed.success) {
    throw new AgentError(
      'invalid',
      `job spec is invalid: ${parsed.error.issues.map((i) => i.message).join('; ')}`,
    )
  }
  const gpuIndices = [...options.gpuIndices]
  if (gpuIndices.length === 0) throw new AgentError('invalid', 'a job needs at least one GPU')
  if (
    gpuIndices.some((i) => !Number.isInteger(i) || i < 0) ||
    new Set(gpuIndices).size !== gpuIndices.length
  ) {
    throw new AgentError('invalid', `GPU indices must be distinct whole numbers: ${gpuIndices.join(',')}`)
  }
  if (options.rentalId < 0n) throw new AgentError('invalid', 'rental id must not be negative')
  const { cpus, memoryMiB, diskMiB, pids } = options.resources
  if (
    !(cpus > 0) ||
    !Number.isInteger(memoryMiB) ||
    memoryMiB < 16 ||
    !Number.isInteger(diskMiB) ||
    diskMiB < 1 ||
    !Number.isInteger(pids) ||
    pids < 1
  ) {
    throw new AgentError('invalid', `job resources must be positive: ${JSON.stringify(options.resources)}`)
  }
  const { cpuset } = options.resources
  if (
    cpuset &&
    (cpuset.length !== cpus ||
      new Set(cpuset).size !== cpuset.length ||
      cpuset.some((c) => !Number.isInteger(c) || c < 0))
  ) {
    throw new AgentError('invalid', `a cpuset names ${cpus} distinct host CPUs: ${cpuset.join(',')}`)
  }
  return { spec: parsed.data, gpuIndices, resources: { ...options.resources } }
}

/** Validates start options (validateStartOptions) and creates the job dir. */
export function prepareJob(options: StartJobOptions): PreparedJob {
  const { spec, gpuIndices, resources } = validateStartOptions(options)
  const jobDir = resolve(options.jobDir)
  const workDir = jobFile(jobDir, 'work')
  // Owner-only: job.json holds the renter's environment.
  mkdirSync(workDir, { recursive: true, mode: 0o700 })
  const rentalId = options.rentalId.toString()
  return {
    rentalId,
    spec,
    gpuIndices,
    resources,
    jobDir,
    workDir,
    base: {
      version: 1,
      rentalId,
      cwd: workDir,
      graceMs: options.graceMs ?? DEFAULT_GRACE_MS,
      logLimitBytes: options.logLimitBytes ?? DEFAULT_LOG_LIMIT_BYTES,
      lineLimitBytes: options.lineLimitBytes ?? DEFAULT_LINE_LIMIT_BYTES,
    },
  }
}
