import { type Hex, keccak256, size } from 'viem'
import { z } from 'zod'
import { WeftMarket } from '@/lib/chain/generated'
import type { marketEvents } from '@/lib/db/schema'

/** The WeftMarket events that make up a rental's history. */
export const RENTAL_EVENT_NAMES = [
  'Rented',
  'Started',
  'Claimed',
  'Stopped',
  'Finished',
  'Extended',
  'Cancelled',
  'Declined',
  'NoShowSettled',
  'OfferCancelled',
] as const
/** Payouts a token refused, credited to the payee, and their withdrawal: an account's, not a rental's. */
export const CREDIT_EVENT_NAMES = ['Credited', 'Withdrawn'] as const
/** Every event the indexer follows. */
export const MARKET_EVENT_NAMES = [...RENTAL_EVENT_NAMES, ...CREDIT_EVENT_NAMES] as const
export type RentalEventName = (typeof RENTAL_EVENT_NAMES)[number]
export type CreditEventName = (typeof CREDIT_EVENT_NAMES)[number]
export type MarketEventName = (typeof MARKET_EVENT_NAMES)[number]

type AbiItem = (typeof WeftMarket.abi)[number]
export type MarketEventAbi = Extract<AbiItem, { type: 'event'; name: MarketEventName }>
export const marketEventAbi = WeftMarket.abi.filter(
  (item): item is MarketEventAbi =>
    item.type === 'event' && (MARKET_EVENT_NAMES as readonly string[]).includes(item.name),
)

const uint = z.coerce.bigint().nonnegative()
const uint32 = z.number().int().nonnegative()
const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/)
const bytes32 = z.custom<Hex>(
  (value) => typeof value === 'string' && /^0x[0-9a-fA-F]{64}$/.test(value),
  'expected 32 bytes as 0x-hex',
)
const bytes = z.custom<Hex>(
  (value) => typeof value === 'string' && /^0x(?:[0-9a-fA-F]{2})*$/.test(value),
  'expected bytes as 0x-hex',
)

const rentedFields = {
  id: uint,
  renter: address,
  provider: address,
  offerId: bytes32,
  token: address,
  pricePerHour: uint,
  duration: uint32,
  gpuModel: z.string(),
  gpuCount: uint32,
  vramMiB: uint32,
}

/**
 * `Rented` as the chain emits it carries the sealed job spec (up to 32 KiB); the market keeps only
 * its keccak256 (the rental's job spec hash) and its length, so the stored event is small and reads
 * back as the same decoded event.
 */
const rentedArgs = z.union([
  z.object({ ...rentedFields, sealedSpec: bytes }).transform(({ sealedSpec, ...fields }) => ({
    ...fields,
    jobSpecHash: keccak256(sealedSpec),
    sealedSpecBytes: size(sealedSpec),
  })),
  z.object({ ...rentedFields, jobSpecHash: bytes32, sealedSpecBytes: uint32 }),
])

/**
 * Each event's arguments. The same schemas read viem's decoded logs (bigints) and the `args` stored
 * in `market_events` (JSON, where bigints are decimal strings), so live and replayed events agree.
 */
export const eventArgs = {
  Rented: rentedArgs,
  Started: z.object({ id: uint, startedAt: uint32, endsAt: uint32 }),
  Claimed: z.object({ id: uint, amount: uint, paidSeconds: uint32 }),
  Stopped: z.object({ id: uint, elapsed: uint32, accrued: uint, refund: uint }),
  Finished: z.object({ id: uint, elapsed: uint32, accrued: uint, refund: uint }),
  Extended: z.object({ id: uint, extraSeconds: uint32, duration: uint32, amount: uint }),
  Cancelled: z.object({ id: uint, refund: uint, compensation: uint }),
  Declined: z.object({ id: uint, reason: z.number().int().min(0).max(255), refund: uint }),
  NoShowSettled: z.object({ id: uint, settledBy: address, refund: uint, compensation: uint }),
  OfferCancelled: z.object({ provider: address, offerId: bytes32, id: uint }),
  Credited: z.object({ account: address, token: address, amount: uint }),
  Withdrawn: z.object({ account: address, token: address, amount: uint }),
} satisfies Record<MarketEventName, z.ZodType>

type ArgsOf = { [K in MarketEventName]: z.output<(typeof eventArgs)[K]> }

/** Where an event sits on the chain, and when its block was mined (unix seconds). */
export type EventPosition = {
  blockNumber: bigint
  logIndex: number
  blockHash: Hex
  txHash: Hex
  blockTimestamp: number
}

/** One decoded market event: the unit the projections fold over. */
export type MarketEvent = {
  [K in MarketEventName]: EventPosition & { name: K; args: ArgsOf[K] }
}[MarketEventName]
export type RentalEvent = Extract<MarketEvent, { name: RentalEventName }>
export type CreditEvent = Extract<MarketEvent, { name: CreditEventName }>

export const isRentalEvent = (event: MarketEvent): event is RentalEvent =>
  (RENTAL_EVENT_NAMES as readonly string[]).includes(event.name)
export const isCreditEvent = (event: MarketEvent): event is CreditEvent =>
  event.name === 'Credited' || event.name === 'Withdrawn'

export type StoredEvent = typeof marketEvents.$inferInsert

/** Builds (and validates) an event from its name, untyped arguments and position. */
export function decodeEvent(name: string, args: unknown, position: EventPosition): MarketEvent {
  if (!(MARKET_EVENT_NAMES as readonly string[]).includes(name))
    throw new Error(`not a market event: ${name}`)
  const schema = eventArgs[name as MarketEventName]
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
    rentalId: isRentalEvent(event) ? event.args.id : null,
    account: isCreditEvent(event) ? event.args.account : null,
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
