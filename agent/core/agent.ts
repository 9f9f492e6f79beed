import type { Address, Hex } from 'viem'
import { openSealedSpec } from '@/lib/jobs/sealed-spec'
import type { HealthReport } from '@/lib/protocol/health-report'
import type { LogLine, LogPage } from '@/lib/protocol/job-logs'
import type { RentalInfo } from '@/lib/protocol/rental-info'
import type { SignedOfferJson } from '@/lib/protocol/signed-offer'
import type { GpuDevice, GpuMetricSample } from '../inventory/gpu-device'
import { detectHost, sellableResources } from '../inventory/host'
import { type AgentApi, AgentError } from './agent-api'
import { ChainSync } from './chain-sync'
import { Claimer } from './claimer'
import type { AgentConfig } from './config'
import { JobControl } from './job-control'
import { followJobLogs, type JobServices, jobLogs, jobMetrics } from './job-output'
import type { MarketChain } from './market-chain'
import { OfferBook } from './offer-book'
import { offeredAccess } from './offered-access'
import { PayoutWithdrawer } from './payout-withdrawer'
import { errorLine, holdsGpus } from './rental-state'
import { type RentalRecord, StateStore } from './state-store'

export const AGENT_VERSION = '0.1.0'

/**
 * The provider agent's core: follows the chain (each rental's job spec arrives sealed in its rent
 * transaction), keeps the offers, starts, declines, stops and finishes rentals, claims pay,
 * withdraws credited payouts, and answers the HTTP API.
 */
export class Agent implements AgentApi {
  readonly store: StateStore
  readonly offerBook: OfferBook
  readonly sync: ChainSync
  readonly jobs: JobControl
  readonly claimer: Claimer
  readonly withdrawer: PayoutWithdrawer
  private timers: NodeJS.Timeout[] = []
  private readonly startedAt = Date.now()
  private readonly upkeepFailures = new Map<string, string>()
  /** The SSH gateway, when one runs (agent/access): shown in the health report. */
  sshAccess: { port: number; hostKeyFingerprint: string } | undefined

  constructor(
    readonly config: AgentConfig,
    readonly chain: MarketChain,
    private readonly gpus: readonly GpuDevice[],
    private readonly services: JobServices,
    startBlock: bigint,
  ) {
    this.store = new StateStore(config.dataDir, startBlock)
    const sellable = sellableResources(detectHost({ dataDir: config.dataDir }), config.resources)
    this.offerBook = new OfferBook(
      config,
      chain.account,
      chain.market,
      this.store,
      () => this.gpus,
      () => sellable,
      offeredAccess(config, services.runner.kind),
    )
    this.claimer = new Claimer(chain, this.store)
    this.withdrawer = new PayoutWithdrawer(chain, this.store, config.token)
    this.jobs = new JobControl(config, chain, this.store, services, () => this.refreshOffers(), this.claimer)
    const { settlement } = this.jobs
    const openSpec = (sealed: Hex) => openSealedSpec(sealed, config.providerKey)
    this.sync = new ChainSync(chain, this.store, chain.address, openSpec, {
      rented: (record, opened) => this.jobs.rented(record, opened),
      stopped: (record) => this.jobs.stopped(record),
      extended: (record) => this.jobs.extended(record),
      cancelled: (record) => this.jobs.cancelled(record),
      declined: (record, reason, txHash) => settlement.declined(record, reason, txHash),
      noShow: (record, txHash) => settlement.noShow(record, txHash),
      finished: (record, elapsed, txHash) => settlement.finished(record, elapsed, txHash),
    })
  }

  /**
   * Sends what is due besides starts and claims: declines and finishes that did not go through,
   * no-show settlements of rentals left pending past their start window, and withdrawals of
   * credited payouts. Each part's failure is logged and tried again on the next pass.
   */
  async upkeep() {
    // An RPC outage fails every pass the same way: said once, not every few seconds.
    const failed = (part: string) => (error: unknown) => {
      const line = `${part}: ${errorLine(error)}`
      if (this.upkeepFailures.get(part) !== line) console.error(line)
      this.upkeepFailures.set(part, line)
    }
    const passed = (part: string) => () => void this.upkeepFailures.delete(part)
    await this.jobs.settlement.upkeep().then(passed('upkeep'), failed('upkeep'))
    await this.withdrawer.withdrawCredited().then(passed('credited payouts'), failed('credited payouts'))
  }

  /** Reconciles jobs left from a previous run, then follows the chain, refreshes offers, claims and keeps up. */
  async start() {
    await this.sync.sync().catch(() => undefined)
    await this.jobs.reconcile()
    await this.refreshOffers()
    const every = (ms: number, task: () => Promise<unknown>) => {
      let busy = false
      const timer = setInterval(() => {
        if (busy) return
        busy = true
        task()
          .catch(() => undefined)
          .finally(() => {
            busy = false
          })
      }, ms)
      timer.unref()
      this.timers.push(timer)
    }
    every(this.config.pollIntervalMs, () => this.sync.sync())
    every(Math.min(this.config.offerTtlSeconds * 250, 30_000), () => this.refreshOffers())
    every(this.config.claimIntervalSeconds * 1000, () => this.claimer.claimDue())
    every(Math.max(1000, this.config.pollIntervalMs * 5), () => this.upkeep())
  }

  /** Stops the loops; running jobs keep running under their supervisors for the next start. */
  async close() {
    for (const timer of this.timers) clearInterval(timer)
    this.timers = []
    this.jobs.detach()
  }

  busyGpus(): Set<number> {
    const now = Date.now() / 1000
    const busy = new Set<number>()
    for (const r of Object.values(this.store.state.rentals)) {
      if (holdsGpus(r, now)) for (const i of r.gpuIndices) busy.add(i)
    }
    return busy
  }

  private refreshOffers() {
    return this.offerBook.refresh(this.busyGpus())
  }

  async health(): Promise<HealthReport> {
    const busy = this.busyGpus()
    return {
      ok: this.sync.reachable,
      version: AGENT_VERSION,
      provider: this.chain.address,
      chainId: this.config.chainId,
      market: this.chain.market,
      gpus: this.gpus.length,
      freeGpus: this.gpus.filter((g) => !busy.has(g.index)).length,
      runningJobs: this.jobs.runningCount(),
      chainReachable: this.sync.reachable,
      startedAt: this.startedAt,
      ...(this.sshAccess ? { ssh: this.sshAccess } : {}),
    }
  }

  inventory(): readonly GpuDevice[] {
    return this.gpus
  }

  offers(): readonly SignedOfferJson[] {
    return this.offerBook.list(this.busyGpus())
  }

  async renterOf(id: bigint): Promise<Address | undefined> {
    const record = this.store.rental(id)
    if (record) return record.renter
    await this.sync.sync().catch(() => undefined)
    return this.store.rental(id)?.renter
  }

  async rental(id: bigint): Promise<RentalInfo | undefined> {
    const record = this.store.rental(id)
    return record && toInfo(record)
  }

  logs(id: bigint, after: number, limit: number): Promise<LogPage> {
    return jobLogs(this.services, this.known(id), after, limit)
  }

  followLogs(id: bigint, after: number, onLine: (line: LogLine) => void, onEnd: () => void): () => void {
    return followJobLogs(this.services, this.known(id), after, onLine, onEnd)
  }

  metrics(id: bigint, sinceMs?: number): Promise<readonly GpuMetricSample[]> {
    return jobMetrics(this.services, this.known(id), sinceMs)
  }

  private known(id: bigint): RentalRecord {
    const record = this.store.rental(id)
    if (!record) throw new AgentError('not_found', `rental ${id} is not one of this provider's rentals`)
    return record
  }
}

function toInfo(record: RentalRecord): RentalInfo {
  return {
    id: BigInt(record.id),
    renter: record.renter,
    status: record.status,
    timeline: record.timeline,
    jobDelivered: record.spec !== undefined,
    gpuIndices: record.gpuIndices,
    ...(record.startedAt !== undefined ? { startedAt: record.startedAt * 1000 } : {}),
    ...(record.endsAt !== undefined ? { endsAt: record.endsAt * 1000 } : {}),
    ...(record.exitCode !== undefined ? { exitCode: record.exitCode } : {}),
  }
}
