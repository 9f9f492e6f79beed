import { availableParallelism } from 'node:os'
import path from 'node:path'
import type { LogLine, LogPage } from '@/lib/protocol/job-logs'
import type { RentalStatus } from '@/lib/protocol/rental-info'
import type { GpuMetricSample } from '../inventory/gpu-device'
import type { JobRunner, RunningJob, StartJobOptions } from '../jobs/runner'
import type { Claimer } from './claimer'
import type { AgentConfig } from './config'
import { assignCores } from './cpu-allocator'
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

const ACTIVE: ReadonlySet<RentalStatus> = new Set(['pending', 'starting', 'running'])
const MAX_TIMER_MS = 2 ** 31 - 1
/** Processes and threads a job may have: generous for data loaders, bounded against fork bombs. */
const pidsFor = (cpus: number) => Math.max(512, cpus * 256)
const short = (error: unknown) =>
  (error instanceof Error
    ? ((error as { shortMessage?: string }).shortMessage ?? error.message)
    : String(error)
  ).split('\n')[0]

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
    this.start(record).catch((error) => console.error(`rental ${record.id}: ${short(error)}`))
  }

  /** What the runner is given for `record`: its spec, GPUs, and the resources its offer sold. */
  private jobOptions(record: RentalRecord): StartJobOptions | undefined {
    if (!record.spec || !record.resources) return undefined
    const { cpus, memoryMiB, diskMiB } = record.resources
    if (record.cores === undefined) {
      const taken = Object.values(this.store.state.rentals)
        .filter((other) => other.id !== record.id && ACTIVE.has(other.status))
        .map((other) => other.cores ?? [])
      record.cores = assignCores(cpus, availableParallelism(), taken) ?? null
      this.store.putRental(record)
    }
    return {
      rentalId: BigInt(record.id),
      spec: record.spec,
      gpuIndices: record.gpuIndices,
      resources: {
        cpus,
        memoryMiB,
        diskMiB,
        pids: pidsFor(cpus),
        ...(record.cores ? { cpuset: record.cores } : {}),
      },
      jobDir: path.join(this.config.dataDir, 'jobs', record.id),
      redact: [this.config.providerKey, this.config.providerKey.slice(2)],
      logLimitBytes: this.config.logLimitBytes,
      graceMs: this.config.stopGraceSeconds * 1000,
    }
  }

  /**
   * Prepares the workload (image, workspace), then sends `start`, then launches the job: pay
   * accrues only once everything the job needs is in place. A workload that cannot be prepared
   * leaves the rental pending, saying why, so the renter can cancel it.
   */
  private async start(record: RentalRecord) {
    if (
      this.starting.has(record.id) ||
      record.status !== 'pending' ||
      record.chain !== 'pending' ||
      !record.spec
    )
      return
    const options = this.jobOptions(record)
    if (!options) {
      this.store.transition(
        record,
        'failed',
        'this agent has no record of what the offer sold; cancel the rental for a full refund',
      )
      return
    }
    this.starting.add(record.id)
    try {
      this.store.transition(record, 'starting', 'job spec received; preparing the workload')
      try {
        await this.services.runner.prepare(options)
      } catch (error) {
        this.store.transition(
          record,
          'pending',
          `the workload could not be prepared: ${short(error)}; nothing was charged, and the rental can be cancelled for a full refund`,
        )
        return
      }
      let receipt: Awaited<ReturnType<MarketChain['send']>>
      try {
        receipt = await this.chain.send({ functionName: 'start', args: [BigInt(record.id)] })
      } catch (error) {
        const onchain = await this.chain.getRental(BigInt(record.id)).catch(() => undefined)
        if (onchain?.status === 5) {
          record.chain = 'cancelled'
          this.store.transition(record, 'cancelled', 'the renter cancelled before start')
        } else {
          this.store.transition(record, 'failed', `the start transaction failed: ${short(error)}`)
        }
        this.changed()
        return
      }
      const startedAt = await this.chain.blockTime(receipt.blockNumber)
      record.chain = 'running'
      record.startedAt = startedAt
      record.endsAt = startedAt + record.duration
      this.store.transition(
        record,
        'starting',
        'workload ready and started on-chain; pay accrues from now',
        receipt.transactionHash,
      )
      await this.launch(record)
    } finally {
      this.starting.delete(record.id)
    }
  }

  private async launch(record: RentalRecord) {
    const options = this.jobOptions(record)
    if (!options) return
    record.jobDir = options.jobDir
    this.store.putRental(record)
    let job: RunningJob
    try {
      job = await this.services.runner.start(options)
    } catch (error) {
      this.store.transition(
        record,
        'failed',
        `the job could not be launched: ${short(error)}; stop the rental for a refund`,
      )
      return
    }
    this.store.transition(
      record,
      'running',
      `job running (pid ${job.pid}) on GPUs ${record.gpuIndices.join(', ')}`,
    )
    this.attach(record, job)
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
      .discard(path.join(this.config.dataDir, 'jobs', record.id))
      .catch((error) => console.error(`rental ${record.id}: discarding its workload: ${short(error)}`))
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
        await this.launch(record)
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
