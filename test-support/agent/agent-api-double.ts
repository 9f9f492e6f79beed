import type { Address } from 'viem'
import { type AgentApi, AgentError } from '@/agent/core/agent-api'
import type { GpuDevice, GpuMetricSample } from '@/agent/inventory/gpu-device'
import type { HealthReport } from '@/lib/protocol/health-report'
import type { LogLine, LogPage } from '@/lib/protocol/job-logs'
import type { RentalInfo } from '@/lib/protocol/rental-info'
import type { SignedOfferJson } from '@/lib/protocol/signed-offer'

type Rental = {
  info: RentalInfo
  lines: LogLine[]
  ended: boolean
  followers: Set<{ onLine: (line: LogLine) => void; onEnd: () => void }>
  samples: GpuMetricSample[]
}

/**
 * An in-memory stand-in for the agent's core, for testing the HTTP layer alone (the core itself is
 * integration-tested elsewhere). It keeps the core's contract: seq-ordered logs, followers that get
 * the backlog then live lines. Counters let tests see what was called.
 */
export class AgentApiDouble implements AgentApi {
  readonly rentals = new Map<bigint, Rental>()
  healthReport: HealthReport
  gpus: GpuDevice[] = []
  signedOffers: SignedOfferJson[] = []
  /** When set, renterOf throws it (a chain RPC that is down, or a bug). */
  renterOfFailure: Error | undefined
  calls = { renterOf: 0 }

  constructor(provider: Address) {
    this.healthReport = {
      ok: true,
      version: '0.1.0-test',
      provider,
      chainId: 31337,
      market: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
      gpus: 0,
      freeGpus: 0,
      runningJobs: 0,
      chainReachable: true,
      startedAt: 1_767_225_600_000,
    }
  }

  /** Adds a pending rental of this provider, its job spec read from the rent transaction. */
  addRental(id: bigint, renter: Address): RentalInfo {
    const info: RentalInfo = {
      id,
      renter,
      status: 'pending',
      timeline: [{ at: 1_767_225_600_000, status: 'pending' }],
      jobDelivered: true,
      gpuIndices: [0],
    }
    const rental: Rental = {
      info,
      lines: [],
      ended: false,
      followers: new Set(),
      samples: [],
    }
    this.rentals.set(id, rental)
    return info
  }

  /** Appends a log line to a rental and hands it to its followers. */
  print(id: bigint, text: string): void {
    const rental = this.#get(id)
    const line: LogLine = { seq: rental.lines.length, at: Date.now(), stream: 'stdout', text }
    rental.lines.push(line)
    for (const follower of rental.followers) follower.onLine(line)
  }

  endJob(id: bigint): void {
    const rental = this.#get(id)
    rental.ended = true
    for (const follower of rental.followers) follower.onEnd()
  }

  followerCount(id: bigint): number {
    return this.#get(id).followers.size
  }

  async health() {
    return this.healthReport
  }
  inventory() {
    return this.gpus
  }
  offers() {
    return this.signedOffers
  }
  async renterOf(id: bigint) {
    this.calls.renterOf++
    if (this.renterOfFailure) throw this.renterOfFailure
    return this.rentals.get(id)?.info.renter
  }
  async rental(id: bigint) {
    return this.rentals.get(id)?.info
  }
  async logs(id: bigint, after: number, limit: number): Promise<LogPage> {
    const rental = this.#get(id)
    const lines = rental.lines.filter((line) => line.seq >= after).slice(0, limit)
    const next = (lines.at(-1)?.seq ?? after - 1) + 1
    return { lines, next, done: rental.ended && next === rental.lines.length - 1 }
  }
  followLogs(id: bigint, after: number, onLine: (line: LogLine) => void, onEnd: () => void) {
    const rental = this.#get(id)
    // Like the core: the backlog first, synchronously, then live lines.
    for (const line of rental.lines.filter((l) => l.seq >= after)) onLine(line)
    if (rental.ended) onEnd()
    const follower = { onLine, onEnd }
    rental.followers.add(follower)
    return () => void rental.followers.delete(follower)
  }
  async metrics(id: bigint, sinceMs?: number) {
    return this.#get(id).samples.filter((sample) => sinceMs === undefined || sample.timeMs >= sinceMs)
  }

  #get(id: bigint): Rental {
    const rental = this.rentals.get(id)
    if (!rental) throw new AgentError('not_found', `no rental ${id}`)
    return rental
  }
}
