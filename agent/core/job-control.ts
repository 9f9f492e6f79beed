import type { LogLine, LogPage } from '@/lib/protocol/job-logs'
import type { RentalStatus } from '@/lib/protocol/rental-info'
import type { GpuMetricSample } from '../inventory/gpu-device'
import type { JobRunner, RunningJob } from '../jobs/runner'
import type { Claimer } from './claimer'
import type { AgentConfig } from './config'
import { ACTIVE, errorLine, jobDirOf, launchRental, type StartContext, startRental } from './job-start'
import type { MarketChain } from './market-chain'
import type { RentalRecord, StateStore } from './state-store'

/** The job-running parts the core depends on (process or container runner, log and metrics files). */
export type JobServices = {
  runner: JobRunner
  readLogs(jobDir: string, after: number, limit: number): Promise<LogPage>
  followLogs(jobDir: string, after: number, onLine: (line: LogLine) => void, onEnd: () => void): () => void
  startSampler(jobDir: string, gpuIndices: number[], pid: number): () => void
  readMetrics(jobDir: string, sinceMs?: number): Promise<GpuMetricSample[]>
}

const MAX_TIMER_MS = 2 ** 31 - 1

/** Starts, watches, stops and gets paid for rentals' jobs; every step is recorded before it is taken. */
export class JobControl {
  private readonly running = new Map<string, RunningJob>()
  private readonly samplers = new Map<string, () => void>()
  private readonly endTimers = new Map<string, NodeJS.Timeout>()
  private readonly starting = new Set<string>()

  constructor(
    private readonly config: AgentConfig,
    private readonly chain: MarketChain,
    private readonly store: StateStore,
    private readonly services: JobServices,
    private readonly gpusChanged: () => Promise<void>,
    private readonly claimer: Claimer,
  ) {}

  private changed() {
    this.gpusChanged().catch(() => undefined)
  }

  rented(record: RentalRecord) {
    const taken = Object.values(this.store.state.rentals).some(
      (other) =>
        other.id !== record.id &&
        ACTIVE.has(other.status) &&
        other.gpuIndices.some((i) => record.gpuIndices.includes(i)),
    )
    if (record.gpuIndices.length === 0) {
      this.store.transition(
        record,
        'failed',
        'this agent has no record of the offer; cancel the rental for a full refund',
      )
    } else if (taken) {
      this.store.transition(
        record,
        'failed',
        "another rental took this offer's GPUs first; cancel for a full refund",
      )
    }
    this.changed()
  }

  /** Starts the rental when it is pending on-chain and its job spec has arrived. */
  kick(record: RentalRecord) {
    this.start(record).catch((error) => console.error(`rental ${record.id}: ${errorLine(error)}`))
  }

  private get startContext(): StartContext {
    return { config: this.config, chain: this.chain, store: this.store, runner: this.services.runner }
  }

  /** Prepares, starts on-chain and launches the rental's job (job-start.ts), once at a time. */
  private async start(record: RentalRecord) {
    if (
      this.starting.has(record.id) ||
      record.status !== 'pending' ||
      record.chain !== 'pending' ||
      !record.spec
    )
      return
    this.starting.add(record.id)
    try {
      const job = await startRental(this.startContext, record)
      if (job) this.attach(record, job)
      else this.changed()
    } finally {
      this.starting.delete(record.id)
    }
  }

  private attach(record: RentalRecord, job: RunningJob) {
    this.running.set(record.id, job)
    if (record.jobDir)
      this.samplers.set(record.id, this.services.startSampler(record.jobDir, record.gpuIndices, job.pid))
    job.exited.then(({ code, signal, lost, error }) => {
      this.running.delete(record.id)
      this.samplers.get(record.id)?.()
      this.samplers.delete(record.id)
      record.exitCode = code
      if (record.status === 'running') {
        if (lost)
          this.store.transition(
            record,
            'failed',
            'the job was lost (its supervisor vanished); it is not run again',
          )
        else if (error) this.store.transition(record, 'failed', `the job failed to run: ${error}`)
        else if (code === 0)
          this.store.transition(
            record,
            'succeeded',
            'the job finished; stop the rental to get the unused time refunded',
          )
        else
          this.store.transition(
            record,
            'failed',
            `the job exited with ${code === null ? `signal ${signal}` : `code ${code}`}`,
          )
      } else {
        this.store.putRental(record)
      }
    })
    this.scheduleEnd(record)
  }

  private scheduleEnd(record: RentalRecord) {
    clearTimeout(this.endTimers.get(record.id))
    if (record.endsAt === undefined) return
    const delay = record.endsAt * 1000 - Date.now()
    const timer = setTimeout(
      () =>
        delay > MAX_TIMER_MS
          ? this.scheduleEnd(record)
          : void this.finish(record, 'expired', 'the rental reached its end'),
      Math.max(0, Math.min(delay, MAX_TIMER_MS)),
    )
    timer.unref()
    this.endTimers.set(record.id, timer)
  }

  /** Ends a rental's job (stopped by the renter, or its time is up) and claims soon after. */
  private async finish(record: RentalRecord, status: RentalStatus, note: string) {
    clearTimeout(this.endTimers.get(record.id))
    this.endTimers.delete(record.id)
    if (ACTIVE.has(record.status)) this.store.transition(record, status, note)
    await this.running.get(record.id)?.stop()
    this.changed()
    this.claimer.schedule(1000)
  }

  stopped(record: RentalRecord) {
    void this.finish(record, 'stopped', 'the renter stopped the rental')
  }

  extended(record: RentalRecord) {
    this.scheduleEnd(record)
    this.changed()
  }

  cancelled(record: RentalRecord) {
    if (ACTIVE.has(record.status) || record.status === 'failed')
      this.store.transition(record, 'cancelled', 'the renter cancelled before start')
    // A workload prepared for a rental that never started holds a uid, mounts and reserved disk.
    this.services.runner
      .discard(jobDirOf(this.config, record.id))
      .catch((error) => console.error(`rental ${record.id}: discarding its workload: ${errorLine(error)}`))
    this.changed()
  }

  /** After a restart: reattach to jobs that survived, report lost ones, and never start a job twice. */
  async reconcile() {
    for (const record of Object.values(this.store.state.rentals)) {
      if (record.status === 'pending' && record.spec) {
        this.kick(record)
        continue
      }
      if (record.status !== 'starting' && record.status !== 'running') continue
      if (record.jobDir) {
        const job = this.services.runner.reattach(record.jobDir)
        if (job) {
          if (record.status === 'starting')
            this.store.transition(record, 'running', 'job reattached after an agent restart')
          this.attach(record, job)
          if (record.chain === 'stopped' || record.chain === 'cancelled')
            await this.finish(record, 'stopped', 'stopped while the agent was down')
        } else {
          this.store.transition(
            record,
            'failed',
            'the job was lost while the agent was down; it is not run again',
          )
        }
        continue
      }
      const onchain = await this.chain.getRental(BigInt(record.id)).catch(() => undefined)
      if (onchain?.status === 2) {
        record.chain = 'running'
        record.startedAt = onchain.startedAt
        record.endsAt = onchain.endsAt
        const job = await launchRental(this.startContext, record)
        if (job) this.attach(record, job)
      } else if (onchain?.status === 1) {
        this.store.transition(record, 'pending', 'resuming after an agent restart')
        this.kick(record)
      }
    }
  }

  /** Forgets running jobs without stopping them (they outlive the agent) and clears timers. */
  detach() {
    for (const timer of this.endTimers.values()) clearTimeout(timer)
    this.claimer.cancel()
    for (const stop of this.samplers.values()) stop()
    this.endTimers.clear()
    this.samplers.clear()
    this.running.clear()
  }

  runningCount() {
    return this.running.size
  }

  logs(record: RentalRecord, after: number, limit: number): Promise<LogPage> {
    if (!record.jobDir) return Promise.resolve({ lines: [], next: after, done: !ACTIVE.has(record.status) })
    return this.services.readLogs(record.jobDir, after, limit)
  }

  followLogs(record: RentalRecord, after: number, onLine: (line: LogLine) => void, onEnd: () => void) {
    if (!record.jobDir) {
      onEnd()
      return () => undefined
    }
    return this.services.followLogs(record.jobDir, after, onLine, onEnd)
  }

  metrics(record: RentalRecord, sinceMs?: number): Promise<GpuMetricSample[]> {
    return record.jobDir ? this.services.readMetrics(record.jobDir, sinceMs) : Promise.resolve([])
  }
}
