import type { Address, Hex } from 'viem'
import { z } from 'zod'
import { addressHex, type FieldSchemas, uintText } from './wire-fields'

/** The statuses a rental's job goes through, as the agent reports them. */
export const RENTAL_STATUSES = [
  'pending', // rented on-chain, being prepared; the start transaction follows
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

/** `RentalInfo` as JSON carries it (`GET /v1/rentals/:id`, the answer to a job delivery): the id as decimal text. */
export type RentalInfoJson = Omit<RentalInfo, 'id'> & { id: string }

const epochMs = z.number().int().nonnegative()
const txHash = z.custom<Hex>(
  (value) => typeof value === 'string' && /^0x[0-9a-fA-F]{64}$/.test(value),
  'not a hash',
)

/** One step of a rental's job; the agent bounds its notes below 512 characters. */
const timelineEntrySchema = z.object({
  at: epochMs,
  status: z.enum(RENTAL_STATUSES),
  note: z.string().max(512).optional(),
  txHash: txHash.optional(),
} satisfies FieldSchemas<TimelineEntry>)

/** The check of a `RentalInfoJson`; a field added to `RentalInfo` and not here fails to compile. */
export const rentalInfoSchema = z.object({
  id: uintText(78),
  renter: addressHex,
  status: z.enum(RENTAL_STATUSES),
  timeline: z.array(timelineEntrySchema).max(1000),
  jobDelivered: z.boolean(),
  gpuIndices: z.array(z.number().int().nonnegative()).max(1024),
  startedAt: epochMs.optional(),
  endsAt: epochMs.optional(),
  exitCode: z.number().int().nullable().optional(),
} satisfies FieldSchemas<RentalInfoJson>)
