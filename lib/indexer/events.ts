import type { Hex } from 'viem'
import { z } from 'zod'
import { WeftMarket } from '@/lib/chain/generated'
import type { marketEvents } from '@/lib/db/schema'

/** The WeftMarket events that make up a rental's history: the indexer follows these. */
export const RENTAL_EVENT_NAMES = [
  'Rented',
  'Started',
  'Claimed',
  'Stopped',
  'Extended',
  'Cancelled',
  'OfferCancelled',
] as const
export type RentalEventName = (typeof RENTAL_EVENT_NAMES)[number]

type AbiItem = (typeof WeftMarket.abi)[number]
export type RentalEventAbi = Extract<AbiItem, { type: 'event'; name: RentalEventName }>
export const rentalEventAbi = WeftMarket.abi.filter(
  (item): item is RentalEventAbi =>
    item.type === 'event' && (RENTAL_EVENT_NAMES as readonly string[]).includes(item.name),
)

const uint = z.coerce.bigint().nonnegative()
const uint32 = z.number().int().nonnegative()
const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/)
const bytes32 = z.custom<Hex>(
  (value) => typeof value === 'string' && /^0x[0-9a-fA-F]{64}$/.test(value),
  'expected 32 bytes as 0x-hex',
)

/**
 * Each event's arguments. The same schemas read viem's decoded logs (bigints) and the `args` stored
 * in `market_events` (JSON, where bigints are decimal strings), so live and replayed events agree.
 */
export const eventArgs = {
  Rented: z.object({
    id: uint,
    renter: address,
    provider: address,
    offerId: bytes32,
    token: address,
    pricePerHour: uint,
    duration: uint32,
    maxDuration: uint32,
    deposit: uint,
    jobSpecHash: bytes32,
    gpuModel: z.string(),
    gpuCount: uint32,
    vramMiB: uint32,
  }),
  Started: z.object({ id: uint, startedAt: uint32, endsAt: uint32 }),
  Claimed: z.object({ id: uint, amount: uint, paidSeconds: uint32 }),
  Stopped: z.object({ id: uint, elapsed: uint32, accrued: uint, refund: uint }),
  Extended: z.object({ id: uint, extraSeconds: uint32, duration: uint32, amount: uint }),
  Cancelled: z.object({ id: uint, refund: uint, compensation: uint }),
  OfferCancelled: z.object({ provider: address, offerId: bytes32, id: uint }),
} satisfies Record<RentalEventName, z.ZodType>

type ArgsOf = { [K in RentalEventName]: z.infer<(typeof eventArgs)[K]> }

/** Where an event sits on the chain, and when its block was mined (unix seconds). */
export type EventPosition = {
  blockNumber: bigint
  logIndex: number
  blockHash: Hex
  txHash: Hex
  blockTimestamp: number
}

/** One decoded rental event: the unit the projection folds over. */
export type MarketEvent = {
  [K in RentalEventName]: EventPosition & { name: K; args: ArgsOf[K] }
}[RentalEventName]

export type StoredEvent = typeof marketEvents.$inferInsert

/** Builds (and validates) an event from its name, untyped arguments and position. */
export function decodeEvent(name: string, args: unknown, position: EventPosition): MarketEvent {
  if (!(RENTAL_EVENT_NAMES as readonly string[]).includes(name))
    throw new Error(`not a rental event: ${name}`)
  const schema = eventArgs[name as RentalEventName]
  return { ...position, name, args: schema.parse(args) } as MarketEvent
}

/** The `market_events` row for an event; the block time rides along in `args` so replays need no RPC. */
export function toStoredEvent(event: MarketEvent): StoredEvent {
  const args: Record<string, unknown> = { blockTimestamp: event.blockTimestamp }
  for (const [key, value] of Object.entries(event.args)) {
    args[key] = typeof value === 'bigint' ? value.toString() : value
  }
  return {
    blockNumber: event.blockNumber,
    logIndex: event.logIndex,
    blockHash: event.blockHash,
    txHash: event.txHash,
    name: event.name,
    rentalId: event.args.id,
    args,
  }
}

/** The event a `market_events` row holds (inverse of `toStoredEvent`). */
export function fromStoredEvent(row: StoredEvent): MarketEvent {
  const { blockTimestamp, ...args } = row.args
  return decodeEvent(row.name, args, {
    blockNumber: row.blockNumber,
    logIndex: row.logIndex,
    blockHash: row.blockHash as Hex,
    txHash: row.txHash as Hex,
    blockTimestamp: z.number().int().nonnegative().parse(blockTimestamp),
  })
}

/** Chain order: block, then position in the block. */
export function compareEvents(a: EventPosition, b: EventPosition): number {
  if (a.blockNumber !== b.blockNumber) return a.blockNumber < b.blockNumber ? -1 : 1
  return a.logIndex - b.logIndex
}
