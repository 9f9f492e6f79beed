import type { LogLine, LogPage } from '@/lib/protocol/job-logs'
import type { RentalStatus } from '@/lib/protocol/rental-info'
import type { GpuMetricSample } from '../inventory/gpu-device'
import type { JobExit, JobRunner } from '../jobs/runner'
import { ACTIVE } from './rental-state'
import type { RentalRecord } from './state-store'

/** The job-running parts the core depends on (process or container runner, log and metrics files). */
export type JobServices = {
  runner: JobRunner
  readLogs(jobDir: string, after: number, limit: number): Promise<LogPage>
  followLogs(jobDir: string, after: number, onLine: (line: LogLine) => void, onEnd: () => void): () => void
  startSampler(jobDir: string, gpuIndices: number[], pid: number): () => void
  readMetrics(jobDir: string, sinceMs?: number): Promise<GpuMetricSample[]>
}

/** How a job that ended on its own is reported, before the rental is finished on-chain (or kept). */
export function exitOutcome(exit: JobExit, keep: boolean): { status: RentalStatus; note: string } {
  if (exit.lost)
    return { status: 'failed', note: 'the job was lost (its supervisor vanished); it is not run again' }
  if (exit.error) return { status: 'failed', note: `the job failed to run: ${exit.error}` }
  if (exit.code === 0)
    return {
      status: 'succeeded',
      note: keep
        ? 'the job finished; the machine is kept until the rental ends (stop the rental to get the unused time back)'
        : 'the job finished',
    }
  const how = exit.code === null ? `signal ${exit.signal}` : `code ${exit.code}`
  return { status: 'failed', note: `the job exited with ${how}` }
}

/** A page of the rental's job log (empty, and done once the rental is over, when no job ran). */
export function jobLogs(
  services: JobServices,
  record: RentalRecord,
  after: number,
  limit: number,
): Promise<LogPage> {
  if (!record.jobDir) return Promise.resolve({ lines: [], next: after, done: !ACTIVE.has(record.status) })
  return services.readLogs(record.jobDir, after, limit)
}

export function followJobLogs(
  services: JobServices,
  record: RentalRecord,
  after: number,
  onLine: (line: LogLine) => void,
  onEnd: () => void,
): () => void {
  if (!record.jobDir) {
    onEnd()
    return () => undefined
  }
  return services.followLogs(record.jobDir, after, onLine, onEnd)
}

export function jobMetrics(
  services: JobServices,
  record: RentalRecord,
  sinceMs?: number,
): Promise<GpuMetricSample[]> {
  return record.jobDir ? services.readMetrics(record.jobDir, sinceMs) : Promise.resolve([])
}
