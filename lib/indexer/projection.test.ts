import fc from 'fast-check'
import { type Hex, keccak256 } from 'viem'
import { describe, expect, it } from 'vitest'
import { DeclineReason } from '@/lib/chain/rental-status'
import { type CreditRow, creditBalance, projectCredits } from './credit-projection'
import {
  decodeEvent,
  fromStoredEvent,
  isRentalEvent,
  MARKET_EVENT_NAMES,
  type MarketEvent,
  toStoredEvent,
} from './events'
import { applyEvent, projectRentals, type RentalRow } from './projection'

const hex32 = (n: number): Hex => `0x${n.toString(16).padStart(64, '0')}`
const RENTER = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC'
const PROVIDER = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
const TOKEN = '0x5FbDB2315678afecb367f032d93F642f64180aa3'
const STRANGER = '0x90F79bf6EB2c4f870365E785982E1f101E93b906'

let position = 0
/** An event at the next chain position (block = position / 3, three logs a block). */
function at<N extends MarketEvent['name']>(name: N, args: Extract<MarketEvent, { name: N }>['args']) {
  const n = position++
  return {
    name,
    args,
    blockNumber: BigInt(100 + Math.floor(n / 3)),
    logIndex: n % 3,
    blockHash: hex32(1000 + Math.floor(n / 3)),
    txHash: hex32(5000 + n),
    blockTimestamp: 1_800_000_000 + n * 12,
  } as MarketEvent
}

const rentedArgs = (id: bigint, duration = 3600, pricePerHour = 3_600_000n) => ({
  id,
  renter: RENTER,
  provider: PROVIDER,
  offerId: hex32(Number(id)),
  token: TOKEN,
  pricePerHour,
  duration,
  jobSpecHash: hex32(7),
  sealedSpecBytes: 412,
  gpuModel: 'H100 SXM 80GB',
  gpuCount: 1,
  vramMiB: 81_559,
})
const rented = (id: bigint, duration?: number, pricePerHour?: bigint) =>
  at('Rented', rentedArgs(id, duration, pricePerHour))

const fold = (events: MarketEvent[]) => projectRentals(events)

/** What the table holds between chunks: rows survive a round trip through storage unchanged. */
const viaStorage = (e: MarketEvent) => {
  const stored = toStoredEvent(e)
  return fromStoredEvent({ ...stored, args: JSON.parse(JSON.stringify(stored.args)) })
}

describe('rentals projection', () => {
  it('follows a rental from rent to start to claims, ending when paid in full', () => {
    const start = 1_800_000_100
    const rent = rented(1n)
    const row = fold([
      rent,
      at('Started', { id: 1n, startedAt: start, endsAt: start + 3600 }),
      at('Claimed', { id: 1n, amount: 1_000_000n, paidSeconds: 1000 }),
      at('Claimed', { id: 1n, amount: 2_600_000n, paidSeconds: 3600 }),
    ]).get(1n)
    expect(row).toMatchObject({ status: 'ended', paidSeconds: 3600, paid: 3_600_000n, deposit: 3_600_000n })
    expect(row?.startedAt).toEqual(new Date(start * 1000))
    expect(row?.endsAt).toEqual(new Date((start + 3600) * 1000))
    expect(row?.createdAt).toEqual(new Date(rent.blockTimestamp * 1000))
    expect(row).toMatchObject({ rentedTx: rent.txHash, rentedBlock: rent.blockNumber })
  })

  it('shrinks a stopped rental to the elapsed time and keeps it stopped once claimed', () => {
    const start = 1_800_000_100
    const row = fold([
      rented(2n),
      at('Started', { id: 2n, startedAt: start, endsAt: start + 3600 }),
      at('Stopped', { id: 2n, elapsed: 600, accrued: 600_000n, refund: 3_000_000n }),
      at('Claimed', { id: 2n, amount: 600_000n, paidSeconds: 600 }),
    ]).get(2n)
    expect(row).toMatchObject({ status: 'stopped', duration: 600, deposit: 600_000n, refunded: 3_000_000n })
    expect(row).toMatchObject({ paidSeconds: 600, paid: 600_000n })
    expect(row?.endsAt).toEqual(new Date((start + 600) * 1000))
  })

  it('extends pending and running rentals, and cancels with compensation', () => {
    const start = 1_800_000_100
    const rows = fold([
      rented(3n),
      at('Extended', { id: 3n, extraSeconds: 600, duration: 4200, amount: 600_000n }),
      rented(4n),
      at('Started', { id: 4n, startedAt: start, endsAt: start + 3600 }),
      at('Extended', { id: 4n, extraSeconds: 60, duration: 3660, amount: 60_000n }),
      at('Cancelled', { id: 3n, refund: 4_200_000n, compensation: 3_600_000n }),
    ])
    expect(rows.get(3n)).toMatchObject({ status: 'cancelled', duration: 4200, deposit: 4_200_000n })
    expect(rows.get(3n)).toMatchObject({ refunded: 4_200_000n, compensation: 3_600_000n, endsAt: null })
    expect(rows.get(4n)).toMatchObject({ status: 'running', duration: 3660, deposit: 3_660_000n })
    expect(rows.get(4n)?.endsAt).toEqual(new Date((start + 3660) * 1000))
  })

  it('keeps no row for an offer cancelled before it was filled, nor for events of unknown rentals', () => {
    const rows = fold([
      at('OfferCancelled', { provider: PROVIDER, offerId: hex32(9), id: 9n }),
      at('Started', { id: 10n, startedAt: 1, endsAt: 2 }),
    ])
    expect(rows.get(9n)).toBeUndefined()
    expect(rows.get(10n)).toBeUndefined()
  })

  it('reads Rented as the chain emits it: the sealed spec becomes its hash and length, the deposit its price', () => {
    const { jobSpecHash: _hash, sealedSpecBytes: _bytes, ...fields } = rentedArgs(11n, 1800, 2_390_000n)
    const sealedSpec: Hex = `0x04${'ab'.repeat(99)}`
    const event = decodeEvent(
      'Rented',
      { ...fields, sealedSpec },
      { blockNumber: 5n, logIndex: 0, blockHash: hex32(1), txHash: hex32(2), blockTimestamp: 9 },
    )
    expect(event.args).toMatchObject({ jobSpecHash: keccak256(sealedSpec), sealedSpecBytes: 100 })
    expect(event.args).not.toHaveProperty('sealedSpec')
    expect(viaStorage(event)).toEqual(event)
    const row = fold([event]).get(11n)
    // floor(2.39 USDC/h × 1800 s / 3600 s) = 1.195 USDC
    expect(row).toMatchObject({
      deposit: 1_195_000n,
      jobSpecHash: keccak256(sealedSpec),
      sealedSpecBytes: 100,
    })
    expect(row).toMatchObject({ status: 'pending', refunded: 0n, declineReason: null, closedAt: null })
  })

  it('declines a pending rental with its reason and the whole deposit refunded', () => {
    const rent = rented(12n)
    const decline = at('Declined', { id: 12n, reason: DeclineReason.SpecUnreadable, refund: 3_600_000n })
    const row = fold([rent, decline]).get(12n)
    expect(row).toMatchObject({
      status: 'declined',
      declineReason: 1,
      refunded: 3_600_000n,
      compensation: 0n,
    })
    expect(row).toMatchObject({ deposit: 3_600_000n, duration: 3600, startedAt: null, paid: 0n })
    expect(row?.closedAt).toEqual(new Date(decline.blockTimestamp * 1000))
  })

  it('finishes a running rental early: billed for the elapsed time, the rest refunded, claims keep it finished', () => {
    const start = 1_800_000_100
    const rent = rented(13n)
    const started = at('Started', { id: 13n, startedAt: start, endsAt: start + 3600 })
    const finish = at('Finished', { id: 13n, elapsed: 900, accrued: 900_000n, refund: 2_700_000n })
    const row = fold([
      rent,
      started,
      finish,
      at('Claimed', { id: 13n, amount: 900_000n, paidSeconds: 900 }),
    ]).get(13n)
    expect(row).toMatchObject({ status: 'finished', duration: 900, deposit: 900_000n, refunded: 2_700_000n })
    expect(row).toMatchObject({ paid: 900_000n, paidSeconds: 900 })
    expect(row?.endsAt).toEqual(new Date((start + 900) * 1000))
    expect(row?.closedAt).toEqual(new Date(finish.blockTimestamp * 1000))
  })

  it('settles a no-show with refund, compensation and who settled it', () => {
    const row = fold([
      rented(14n),
      at('NoShowSettled', { id: 14n, settledBy: STRANGER, refund: 3_600_000n, compensation: 1_000_000n }),
    ]).get(14n)
    expect(row).toMatchObject({ status: 'no-show', settledBy: STRANGER, refunded: 3_600_000n })
    expect(row).toMatchObject({ compensation: 1_000_000n, deposit: 3_600_000n, startedAt: null })
  })

  it('leaves rentals alone on credit events, which only the credits projection reads', () => {
    const rows = fold([
      rented(15n),
      at('Credited', { account: RENTER, token: TOKEN, amount: 5n }),
      at('Withdrawn', { account: RENTER, token: TOKEN, amount: 5n }),
    ])
    expect([...rows.keys()]).toEqual([15n])
    expect(rows.get(15n)).toMatchObject({ status: 'pending', refunded: 0n })
  })
})

describe('credits projection', () => {
  it('adds credits and withdrawals per account and token; the balance is what is left', () => {
    const OTHER = '0x0000000000000000000000000000000000000abc'
    const rows = projectCredits([
      at('Credited', { account: RENTER, token: TOKEN, amount: 3_600_000n }),
      at('Credited', { account: PROVIDER, token: TOKEN, amount: 200n }),
      at('Credited', { account: RENTER, token: OTHER, amount: 7n }),
      at('Started', { id: 1n, startedAt: 1, endsAt: 2 }),
      at('Withdrawn', { account: RENTER, token: TOKEN, amount: 3_600_000n }),
      at('Credited', { account: RENTER, token: TOKEN, amount: 400n }),
    ])
    const renter = rows.get(`${RENTER}:${TOKEN}`)
    expect(renter).toMatchObject({ credited: 3_600_400n, withdrawn: 3_600_000n })
    expect(renter && creditBalance(renter)).toBe(400n)
    expect(rows.get(`${PROVIDER}:${TOKEN}`)).toMatchObject({ credited: 200n, withdrawn: 0n })
    expect(rows.get(`${RENTER}:${OTHER}`)).toMatchObject({ credited: 7n, withdrawn: 0n })
    expect(rows.size).toBe(3)
  })
})

const uint32 = fc.integer({ min: 0, max: 2 ** 32 - 1 })
const amount = fc.bigInt({ min: 0n, max: 2n ** 100n })
const rentalId = fc.bigInt({ min: 1n, max: 4n })
const eventArb: fc.Arbitrary<[MarketEvent['name'], Record<string, unknown>]> = fc.oneof(
  fc
    .record({ id: rentalId, duration: uint32, price: amount })
    .map(({ id, duration, price }): [MarketEvent['name'], Record<string, unknown>] => [
      'Rented',
      rentedArgs(id, duration, price),
    ]),
  ...MARKET_EVENT_NAMES.filter((n) => n !== 'Rented').map((name) =>
    fc
      .record({ id: rentalId, a: uint32, b: uint32, x: amount, y: amount })
      .map(({ id, a, b, x, y }): [MarketEvent['name'], Record<string, unknown>] => [
        name,
        {
          Started: { id, startedAt: a, endsAt: b },
          Claimed: { id, amount: x, paidSeconds: a },
          Stopped: { id, elapsed: a, accrued: x, refund: y },
          Finished: { id, elapsed: a, accrued: x, refund: y },
          Extended: { id, extraSeconds: a, duration: b, amount: x },
          Cancelled: { id, refund: x, compensation: y },
          Declined: { id, reason: a % 256, refund: x },
          NoShowSettled: { id, settledBy: a % 2 ? RENTER : STRANGER, refund: x, compensation: y },
          OfferCancelled: { provider: PROVIDER, offerId: hex32(a), id },
          Credited: { account: id % 2n ? RENTER : PROVIDER, token: TOKEN, amount: x },
          Withdrawn: { account: id % 2n ? RENTER : PROVIDER, token: TOKEN, amount: y },
        }[name as Exclude<MarketEvent['name'], 'Rented'>],
      ]),
  ),
)
const histories = fc
  .tuple(fc.array(eventArb, { maxLength: 60 }), fc.array(fc.nat(60), { maxLength: 8 }))
  .map(([raw, cuts]) => ({
    events: raw.map(([name, args]) => at(name, args as never)),
    cuts: [...new Set(cuts)].sort((a, b) => a - b),
  }))

describe('rentals projection properties (fast-check, fixed seed)', () => {
  it('applying events chunk by chunk equals rebuilding from the whole list', () => {
    fc.assert(
      fc.property(histories, ({ events, cuts }) => {
        const table = new Map<bigint, RentalRow>()
        const credits = new Map<string, CreditRow>()
        let from = 0
        for (const cut of [...cuts, events.length]) {
          const chunk = events.slice(from, Math.max(from, cut)).map(viaStorage)
          from = Math.max(from, cut)
          for (const [id, row] of projectRentals(chunk, table)) if (row) table.set(id, structuredClone(row))
          for (const [key, row] of projectCredits(chunk, credits)) credits.set(key, structuredClone(row))
        }
        const rebuilt = new Map(
          [...projectRentals(events)].filter((entry): entry is [bigint, RentalRow] => entry[1] !== undefined),
        )
        expect(table).toEqual(rebuilt)
        expect(credits).toEqual(projectCredits(events))
      }),
      { seed: 20_261_125, numRuns: 300 },
    )
  })

  it('stores and reads back every event exactly, and folds events given in any order alike', () => {
    fc.assert(
      fc.property(histories, fc.integer(), ({ events }, salt) => {
        for (const e of events) expect(viaStorage(e)).toEqual(e)
        const shuffled = [...events].sort(
          (a, b) => ((a.logIndex * 7919 + salt) % 13) - ((b.logIndex * 7919 + salt) % 13),
        )
        expect(projectRentals(shuffled)).toEqual(projectRentals(events))
      }),
      { seed: 7, numRuns: 200 },
    )
  })

  it('folds one event at a time the same as projectRentals', () => {
    fc.assert(
      fc.property(histories, ({ events }) => {
        const rows = new Map<bigint, RentalRow | undefined>()
        for (const e of events.filter(isRentalEvent)) rows.set(e.args.id, applyEvent(rows.get(e.args.id), e))
        expect(rows).toEqual(projectRentals(events))
      }),
      { seed: 42, numRuns: 200 },
    )
  })
})
