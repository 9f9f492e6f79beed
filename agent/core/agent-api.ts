import type { Address } from 'viem'
import type { HealthReport } from '@/lib/protocol/health-report'
import type { LogLine, LogPage } from '@/lib/protocol/job-logs'
import type { RentalInfo } from '@/lib/protocol/rental-info'
import type { SignedOfferJson } from '@/lib/protocol/signed-offer'
import type { GpuDevice, GpuMetricSample } from '../inventory/gpu-device'

/** Errors the core raises for the HTTP layer to map to statuses (404, 400, 503). */
export class AgentError extends Error {
  constructor(
    readonly code: 'not_found' | 'invalid' | 'unavailable',
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
  /** Lines from seq `after` on (a cursor: the number of lines already read); `next` is the next cursor. */
  logs(id: bigint, after: number, limit: number): Promise<LogPage>
  /** Calls `onLine` for each line from seq `after` on, as they come; returns an unsubscribe function. */
  followLogs(id: bigint, after: number, onLine: (line: LogLine) => void, onEnd: () => void): () => void
  metrics(id: bigint, sinceMs?: number): Promise<readonly GpuMetricSample[]>
}
