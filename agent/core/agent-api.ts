import type { Address, Hex } from 'viem'
import type { OfferResources } from '@/lib/chain/offer-resources'
import type { JobSpec } from '@/lib/jobs/job-spec'
import type { GpuDevice, GpuMetricSample } from '../inventory/gpu-device'

/** The statuses a rental's job goes through, as the agent reports them. */
export const RENTAL_STATUSES = [
  'pending', // rented on-chain, waiting for the job spec or the start transaction
  'starting', // start sent, job launching
  'running',
  'succeeded', // the job exited 0 before the rental ended
  'failed', // the job exited non-zero, or could not be launched, or was lost
  'stopped', // the renter stopped the rental
  'expired', // the rental reached its end while the job ran; the job was killed
  'cancelled', // cancelled before start
] as const
export type RentalStatus = (typeof RENTAL_STATUSES)[number]

export type TimelineEntry = { at: number; status: RentalStatus; note?: string; txHash?: Hex }

/** What the agent knows of one of its rentals. Times are epoch milliseconds. */
export type RentalInfo = {
  id: bigint
  renter: Address
  status: RentalStatus
  timeline: TimelineEntry[]
  jobDelivered: boolean
  gpuIndices: number[]
  startedAt?: number
  endsAt?: number
  exitCode?: number | null
}

export type LogStream = 'stdout' | 'stderr' | 'system'
/** One captured log line: `seq` orders lines of one rental from 0 without gaps. */
export type LogLine = { seq: number; at: number; stream: LogStream; text: string }
export type LogPage = { lines: LogLine[]; next: number; done: boolean }

/** A signed offer as the agent serves it: bigints as decimal strings, so it is plain JSON. */
export type SignedOfferJson = {
  offer: {
    provider: Address
    offerId: Hex
    gpuModel: string
    gpuCount: number
    vramMiB: number
    token: Address
    pricePerHour: string
    minDuration: number
    maxDuration: number
    expiresAt: string
  }
  signature: Hex
  /** CPU, memory, disk and network sold with the GPUs, signed as `OfferResources` (lib/chain/offer-resources.ts). */
  resources: OfferResources
  resourcesSignature: Hex
  /** Not signed: where the machine is and what it is, for display and filtering. */
  region: string
  gpuModelId: string | null
  gpuIndices: number[]
}

export type HealthReport = {
  ok: boolean
  version: string
  provider: Address
  chainId: number
  market: Address
  gpus: number
  freeGpus: number
  runningJobs: number
  chainReachable: boolean
  startedAt: number
}

/** Errors the core raises for the HTTP layer to map to statuses (404, 409, 422, 503 …). */
export class AgentError extends Error {
  constructor(
    readonly code: 'not_found' | 'conflict' | 'hash_mismatch' | 'invalid' | 'unavailable',
    message: string,
  ) {
    super(message)
    this.name = 'AgentError'
  }
}

/** What the HTTP API needs from the agent's core. */
export interface AgentApi {
  health(): Promise<HealthReport>
  inventory(): readonly GpuDevice[]
  offers(): readonly SignedOfferJson[]
  /** The renter of rental `id` when it is this provider's (read from the chain), else undefined. */
  renterOf(id: bigint): Promise<Address | undefined>
  rental(id: bigint): Promise<RentalInfo | undefined>
  /** Accepts the job spec when its hash equals the rental's on-chain jobSpecHash. */
  deliverJob(id: bigint, spec: JobSpec): Promise<RentalInfo>
  /** Lines from seq `after` on (a cursor: the number of lines already read); `next` is the next cursor. */
  logs(id: bigint, after: number, limit: number): Promise<LogPage>
  /** Calls `onLine` for each line from seq `after` on, as they come; returns an unsubscribe function. */
  followLogs(id: bigint, after: number, onLine: (line: LogLine) => void, onEnd: () => void): () => void
  metrics(id: bigint, sinceMs?: number): Promise<readonly GpuMetricSample[]>
}
