import { DeclineReason, RentalStatus as OnChain } from '@/lib/chain/rental-status'
import { keepsMachine } from '@/lib/jobs/job-spec'
import type { OpenedSpec } from '@/lib/jobs/sealed-spec'
import type { RentalStatus } from '@/lib/protocol/rental-info'
import type { RunningJob } from '../jobs/runner'
import type { Claimer } from './claimer'
import type { AgentConfig } from './config'
import { exitOutcome, type JobServices } from './job-output'
import { jobDirOf, launchRental, type StartContext, startRental } from './job-start'
import type { MarketChain } from './market-chain'
import { ACTIVE, errorLine, refusal } from './rental-state'
import { Settlement } from './settlement'
import type { RentalRecord, StateStore } from './state-store'

const MAX_TIMER_MS = 2 ** 31 - 1

/**
 * Starts, watches, stops and gets paid for rentals' jobs; every step is recorded before it is
 * taken. A rental it cannot serve is declined at once, and one whose job ends before the paid time
 * is finished on-chain (settlement.ts).
 */
export class JobControl {
  readonly settlement: Settlement
  private readonly running = new Map<string, RunningJob>()
  private readonly samplers = new Map<string, () => void>()
  private readonly endTimers = new Map<string, NodeJS.Timeout>()
  private readonly starting = new Set<string>()
  private readonly endListeners = new Set<(rentalId: string) => void>()
  /** Set by `detach`: the jobs outlive this agent, and what becomes of them is the next agent's to see. */
  private detached = false

  constructor(
    private readonly config: AgentConfig,
    private readonly chain: MarketChain,
    private readonly store: StateStore,
    private readonly services: JobServices,
    private readonly gpusChanged: () => Promise<void>,
    private readonly claimer: Claimer,
  ) {
    this.settlement = new Settlement(chain, store, {
      released: (record) => this.release(record),
      finished: (record) => this.finishedOnChain(record),
    })
  }

  /** Calls `listener` with a rental's id when its job ends or is being stopped (the SSH gateway closes its sessions). */
  onJobEnd(listener: (rentalId: string) => void): void {
    this.endListeners.add(listener)
  }

  private jobEnded(record: RentalRecord) {
    for (const listener of this.endListeners) listener(record.id)
  }

  private changed() {
    this.gpusChanged().catch(() => undefined)
  }

  /** Runs `task` in the background, logging what it throws against the rental. */
  private background(record: RentalRecord, task: Promise<unknown>) {
    task.catch((error) => console.error(`rental ${record.id}: ${errorLine(error)}`))
  }

  /** A new rental: declined at once when it cannot be served, else prepared and started. */
  rented(record: RentalRecord, opened: OpenedSpec) {
    const refused = refusal(record, opened, Object.values(this.store.state.rentals), Date.now() / 1000)
    if (refused) this.background(record, this.settlement.decline(record, refused.reason, refused.why))
    else this.kick(record)
    this.changed()
  }

  /** Starts the rental when it is pending on-chain with a job spec and not being declined. */
  kick(record: RentalRecord) {
    this.background(record, this.start(record))
  }

  private get startContext(): StartContext {
    const { config, chain, store, settlement } = this
    return { config, chain, store, runner: this.services.runner, settlement }
  }

  /** Prepares, starts on-chain and launches the rental's job (job-start.ts), once at a time. */
  private async start(record: RentalRecord) {
    if (
      this.starting.has(record.id) ||
      record.status !== 'pending' ||
      record.chain !== 'pending' ||
      record.declineReason !== undefined ||
      !record.spec
    )
      return
    this.starting.add(record.id)
    try {
      const job = await startRental(this.startContext, record)
      if (job) {
        this.attach(record, job)
        // Stopped on-chain while the job launched: nothing was there to stop then.
        if (!ACTIVE.has(record.status)) await this.endJob(record, record.status, 'ended while launching')
      } else {
        // Started on-chain but not launched: nothing runs, so the rental is finished at once.
        await this.settlement.finish(record)
        this.changed()
      }
    } finally {
      this.starting.delete(record.id)
    }
  }

  private attach(record: RentalRecord, job: RunningJob) {
    this.running.set(record.id, job)
    if (record.jobDir)
      this.samplers.set(record.id, this.services.startSampler(record.jobDir, record.gpuIndices, job.pid))
    job.exited.then((exit) => {
      // A job that ends after its agent detached (closing, restarting) is the next agent's to report:
      // it reconciles from the job's own files, and this agent's record must not write over it.
      if (this.detached) return
      this.jobEnded(record)
      this.running.delete(record.id)
      this.samplers.get(record.id)?.()
      this.samplers.delete(record.id)
      record.exitCode = exit.code
      if (record.status !== 'running') {
        this.store.putRental(record)
        return
      }
      const { status, note } = exitOutcome(exit, record.spec !== undefined && keepsMachine(record.spec))
      this.store.transition(record, status, note)
      this.background(record, this.settlement.finish(record))
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
          : void this.endJob(record, 'expired', 'the rental reached its end'),
      Math.max(0, Math.min(delay, MAX_TIMER_MS)),
    )
    timer.unref()
    this.endTimers.set(record.id, timer)
  }

  /** Ends a rental's job (stopped by the renter, or its time is up) and claims soon after. */
  private async endJob(record: RentalRecord, status: RentalStatus, note: string) {
    clearTimeout(this.endTimers.get(record.id))
    this.endTimers.delete(record.id)
    if (ACTIVE.has(record.status)) this.store.transition(record, status, note)
    this.jobEnded(record)
    await this.running.get(record.id)?.stop()
    this.changed()
    this.claimer.schedule(1000)
  }

  stopped(record: RentalRecord) {
    void this.endJob(record, 'stopped', 'the renter stopped the rental')
  }

  /** Finished on-chain (by this agent, once the job ended): stop anything left and claim soon. */
  private finishedOnChain(record: RentalRecord) {
    if (this.running.has(record.id) || ACTIVE.has(record.status)) {
      void this.endJob(record, 'stopped', 'the rental was finished on-chain')
      return
    }
    clearTimeout(this.endTimers.get(record.id))
    this.endTimers.delete(record.id)
    this.changed()
    this.claimer.schedule(1000)
  }

  /** A rental that will never run (declined, no-show): gives back what was prepared for it. */
  private release(record: RentalRecord) {
    this.discard(record)
    this.changed()
  }

  private discard(record: RentalRecord) {
    // A workload prepared for a rental that never started holds a uid, mounts and reserved disk.
    this.services.runner
      .discard(jobDirOf(this.config, record.id))
      .catch((error) => console.error(`rental ${record.id}: discarding its workload: ${errorLine(error)}`))
  }

  extended(record: RentalRecord) {
    this.scheduleEnd(record)
    this.changed()
  }

  cancelled(record: RentalRecord) {
    if (ACTIVE.has(record.status) || record.status === 'failed')
      this.store.transition(record, 'cancelled', 'the renter cancelled before start')
    this.discard(record)
    this.changed()
  }

  /** After a restart: reattach to jobs that survived, report lost ones, and never start a job twice. */
  async reconcile() {
    for (const record of Object.values(this.store.state.rentals)) {
      if (record.status === 'pending' && record.chain === 'pending' && record.declineReason === undefined) {
        if (record.spec) this.kick(record)
        // Rented before job specs travelled in the rent transaction, or the agent stopped between
        // reading the rental and deciding on it: there is no spec to run.
        else
          this.background(
            record,
            this.settlement.decline(
              record,
              DeclineReason.Unspecified,
              'no job spec was kept for this rental',
            ),
          )
        continue
      }
      if (record.status !== 'starting' && record.status !== 'running') continue
      if (record.jobDir) {
        const job = this.services.runner.reattach(record.jobDir)
        if (job) {
          if (record.status === 'starting')
            this.store.transition(record, 'running', 'job reattached after an agent restart')
          this.attach(record, job)
          if (record.chain === 'stopped' || record.chain === 'cancelled' || record.chain === 'finished')
            await this.endJob(record, 'stopped', 'stopped while the agent was down')
        } else {
          this.store.transition(
            record,
            'failed',
            'the job was lost while the agent was down; it is not run again',
          )
          this.background(record, this.settlement.finish(record))
        }
        continue
      }
      const onchain = await this.chain.getRental(BigInt(record.id)).catch(() => undefined)
      if (onchain?.status === OnChain.Running) {
        record.chain = 'running'
        record.startedAt = onchain.startedAt
        record.endsAt = onchain.endsAt
        const job = await launchRental(this.startContext, record)
        if (job) this.attach(record, job)
        else this.background(record, this.settlement.finish(record))
      } else if (onchain?.status === OnChain.Pending) {
        this.store.transition(record, 'pending', 'resuming after an agent restart')
        this.kick(record)
      }
    }
  }

  /** Forgets running jobs without stopping them (they outlive the agent) and clears timers. */
  detach() {
    this.detached = true
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
}
