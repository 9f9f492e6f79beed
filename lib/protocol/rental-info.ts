import type { Address, Hex } from 'viem'

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
