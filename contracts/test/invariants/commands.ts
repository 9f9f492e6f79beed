import fc from 'fast-check'
import { encodeFunctionData, type Hex, keccak256, type TransactionReceipt, toHex } from 'viem'
import { expect } from 'vitest'
import { WeftMarket } from '../../../lib/chain/generated'
import type { Offer } from '../../../lib/chain/offer-typed-data'
import { cost } from '../../../lib/chain/pricing'
import { rentalIdOf } from '../fixtures'
import {
  applyClaim,
  applyCloseUnstarted,
  applyEndRunning,
  applyExtend,
  canPull,
  extendRefusal,
  findOwn,
  MAX_SEALED_SPEC_BYTES,
  MIN_STAKE,
  type Model,
  type ModelRental,
  PROVIDERS,
  pull,
  RENTERS,
  reach,
  START_WINDOW,
  Status,
  UINT96_MAX,
} from './model'
import { checkAll, eventsIn, type Real } from './real'

export type Cmd = fc.AsyncCommand<Model, Real>
const abi = WeftMarket.abi
let serial = 0

/** -1 stands for the rightful party, so most calls are authorised and the protocol moves on. */
export const RIGHTFUL = -1
export const pick = (m: Readonly<Model>, k: number): ModelRental | undefined =>
  m.rentals[k % Math.max(m.rentals.length, 1)]
const call = (functionName: string, args: readonly unknown[]) =>
  encodeFunctionData({ abi, functionName, args } as never)

/**
 * Runs one transaction at the next second and asserts the chain agreed with the model on whether
 * it succeeds; resolves to the receipt when it did.
 */
export async function step(
  m: Model,
  real: Real,
  actor: number,
  data: Hex,
  expected: boolean,
  label: string,
  to?: Hex,
): Promise<TransactionReceipt | undefined> {
  m.now += 1
  const receipt = await real.exec(actor, data, m.now, to)
  expect(receipt.status === 'success', `${label}: expected ${expected ? 'success' : 'revert'}`).toBe(expected)
  return receipt.status === 'success' ? receipt : undefined
}

/** Sealed spec bytes of `length` (ciphertext: their content does not matter to the market). */
const sealedSpec = (length: number): Hex =>
  toHex(Uint8Array.from({ length }, (_, i) => (i * 31 + serial) & 255))

class Rent implements Cmd {
  constructor(
    readonly renter: number,
    readonly provider: number,
    readonly token: number,
    readonly price: bigint,
    readonly duration: number,
    readonly min: number,
    readonly max: number,
    readonly expired: boolean,
    readonly specBytes: number,
    /** Reuse the offer id of the rental picked by this index (as another provider may). */
    readonly twinOf: number | undefined,
  ) {}
  check = () => true
  async run(m: Model, real: Real) {
    const t = m.now + 1
    const twin = this.twinOf === undefined ? undefined : pick(m, this.twinOf)
    const offer: Offer = {
      provider: real.actors[this.provider]?.address as Hex,
      offerId: twin?.offer.offerId ?? keccak256(toHex(`model-offer-${serial++}`)),
      ...{ gpuModel: 'H100 SXM 80GB', gpuCount: 1, vramMiB: 81_559, token: real.tokens[this.token] as Hex },
      ...{ pricePerHour: this.price, minDuration: this.min, maxDuration: this.max },
      expiresAt: BigInt(this.expired ? t - 1 : t + 600),
    }
    const signature = await real.w.sign(offer, real.actors[this.provider])
    const spec = sealedSpec(this.specBytes)
    const deposit = this.price <= UINT96_MAX ? cost(this.price, this.duration) : 0n
    const valid =
      !this.expired &&
      this.duration > 0 &&
      this.duration >= this.min &&
      this.duration <= this.max &&
      this.price <= UINT96_MAX &&
      this.specBytes > 0 &&
      this.specBytes <= MAX_SEALED_SPEC_BYTES &&
      findOwn(m, this.provider, offer.offerId) === undefined &&
      (m.stakes[this.provider] ?? 0n) >= MIN_STAKE &&
      deposit > 0n &&
      canPull(m, this.token, this.renter, deposit)
    const data = call('rent', [offer, signature, this.duration, spec])
    const receipt = await step(m, real, this.renter, data, valid, this.toString())
    if (!receipt) return
    const id = rentalIdOf(offer.provider, offer.offerId)
    if (twin) reach.twinOffers += 1
    // The event carries the sealed spec exactly, so its keccak256 is the rental's jobSpecHash.
    const [rented] = eventsIn(receipt, 'Rented')
    expect(rented).toMatchObject({ id, offerId: offer.offerId, duration: this.duration, sealedSpec: spec })
    expect(keccak256(rented?.sealedSpec as Hex)).toBe(keccak256(spec))
    m.rentals.push({
      ...{ id, offer, signature, token: this.token, renter: this.renter, provider: this.provider },
      ...{ price: this.price, duration: this.duration, maxDuration: this.max, since: t },
      ...{ status: Status.Pending, paidSeconds: 0, settled: false, deposited: deposit },
      ...{ paidOut: 0n, refunded: 0n, compensation: 0n, lastAccrued: 0n },
    })
    pull(m, this.token, this.renter, deposit)
    m.active[this.provider] = (m.active[this.provider] ?? 0) + 1
    await checkAll(m, real)
  }
  toString = () =>
    `rent(r${this.renter}, p${this.provider}, t${this.token}, ${this.price}/h, ${this.duration}s [${this.min},${this.max}], ${this.specBytes} B${this.expired ? ', expired' : ''}${this.twinOf === undefined ? '' : `, twin of ${this.twinOf}`})`
}

/** Re-submits an already used offer: it must never fill twice. */
class Reuse implements Cmd {
  constructor(
    readonly k: number,
    readonly renter: number,
  ) {}
  check = (m: Readonly<Model>) => m.rentals.length > 0
  async run(m: Model, real: Real) {
    const r = pick(m, this.k)
    if (!r) return
    const data = call('rent', [r.offer, r.signature, r.duration || 60, sealedSpec(32)])
    await step(m, real, this.renter === RIGHTFUL ? r.renter : this.renter, data, false, this.toString())
    await checkAll(m, real)
  }
  toString = () => `reuse(${this.k}, r${this.renter})`
}

/** A renter's call on one rental, by rental id: stop, cancel or extend. */
class RenterCall implements Cmd {
  constructor(
    readonly action: 'stop' | 'cancel' | 'extend',
    readonly k: number,
    readonly actor: number,
    readonly extra = 0,
  ) {}
  check = (m: Readonly<Model>) => m.rentals.length > 0
  async run(m: Model, real: Real) {
    const r = pick(m, this.k)
    if (!r) return
    const t = m.now + 1
    const label = this.toString()
    const actor = this.actor === RIGHTFUL ? r.renter : this.actor
    if (this.action === 'stop') {
      const ok = actor === r.renter && r.status === Status.Running
      if (await step(m, real, actor, call('stop', [r.id]), ok, label))
        applyEndRunning(m, r, t, Status.Stopped)
    } else if (this.action === 'cancel') {
      const ok = actor === r.renter && r.status === Status.Pending
      const late = t > r.since + START_WINDOW
      if (await step(m, real, actor, call('cancel', [r.id]), ok, label)) {
        applyCloseUnstarted(m, r, Status.Cancelled, late)
      }
    } else {
      const ok = extendRefusal(m, r, actor, this.extra, t) === undefined
      if (await step(m, real, actor, call('extend', [r.id, this.extra]), ok, label)) {
        applyExtend(m, r, this.extra)
      }
    }
    await checkAll(m, real)
  }
  toString = () =>
    `${this.action}(${this.k}, a${this.actor}${this.action === 'extend' ? `, +${this.extra}s` : ''})`
}

/**
 * A provider's call naming a rental by its offer id: start, decline or finish. Any other caller
 * names the same offer id and so reaches its own rental of that id (a twin) or none.
 */
class ProviderCall implements Cmd {
  constructor(
    readonly action: 'start' | 'decline' | 'finish',
    readonly k: number,
    readonly actor: number,
    readonly reason = 0,
  ) {}
  check = (m: Readonly<Model>) => m.rentals.length > 0
  async run(m: Model, real: Real) {
    const r = pick(m, this.k)
    if (!r) return
    const t = m.now + 1
    const label = this.toString()
    const actor = this.actor === RIGHTFUL ? r.provider : this.actor
    if (actor !== r.provider) reach.foreignCalls += 1
    const target = findOwn(m, actor, r.offer.offerId)
    const offerId = r.offer.offerId
    const inWindow = target?.status === Status.Pending && t <= target.since + START_WINDOW
    if (this.action === 'start') {
      const receipt = await step(m, real, actor, call('start', [offerId]), inWindow, label)
      if (target && receipt) {
        target.since = t
        target.status = Status.Running
      }
    } else if (this.action === 'decline') {
      const receipt = await step(m, real, actor, call('decline', [offerId, this.reason]), inWindow, label)
      if (target && receipt) {
        const refund = cost(target.price, target.duration)
        expect(eventsIn(receipt, 'Declined')).toEqual([{ id: target.id, reason: this.reason, refund }])
        applyCloseUnstarted(m, target, Status.Declined, false)
      }
    } else {
      const ok = target?.status === Status.Running
      const receipt = await step(m, real, actor, call('finish', [offerId]), ok, label)
      if (target && receipt) applyEndRunning(m, target, t, Status.Finished)
    }
    await checkAll(m, real)
  }
  toString = () =>
    `${this.action}(${this.k}, a${this.actor}${this.action === 'decline' ? `, reason ${this.reason}` : ''})`
}

/** Anyone settles a rental its provider neither started nor declined within the start window. */
class SettleNoShow implements Cmd {
  constructor(
    readonly k: number,
    readonly actor: number,
  ) {}
  check = (m: Readonly<Model>) => m.rentals.length > 0
  async run(m: Model, real: Real) {
    const r = pick(m, this.k)
    if (!r) return
    const actor = this.actor === RIGHTFUL ? r.renter : this.actor
    const ok = r.status === Status.Pending && m.now + 1 > r.since + START_WINDOW
    const receipt = await step(m, real, actor, call('settleNoShow', [r.id]), ok, this.toString())
    if (receipt) {
      const before = r.compensation
      applyCloseUnstarted(m, r, Status.NoShow, true)
      expect(eventsIn(receipt, 'NoShowSettled')).toEqual([
        {
          id: r.id,
          settledBy: real.actors[actor]?.address,
          refund: cost(r.price, r.duration),
          compensation: r.compensation - before,
        },
      ])
    }
    await checkAll(m, real)
  }
  toString = () => `settleNoShow(${this.k}, a${this.actor})`
}

/** A claim naming offer ids; a caller only ever reaches its own rentals, so it never reverts. */
class Claim implements Cmd {
  constructor(
    readonly actor: number,
    readonly ks: number[],
    readonly unknown: boolean,
  ) {}
  check = (m: Readonly<Model>) => m.rentals.length > 0
  async run(m: Model, real: Real) {
    const named = this.ks.map((k) => pick(m, k)).filter((r): r is ModelRental => r !== undefined)
    const actor = this.actor === RIGHTFUL ? (named[0]?.provider ?? 0) : this.actor
    const offerIds = named.map((r) => r.offer.offerId)
    if (this.unknown) offerIds.push(keccak256(toHex(`never offered ${serial++}`)))
    if (named.some((r) => r.provider !== actor)) reach.foreignCalls += 1
    const own = offerIds.map((id) => findOwn(m, actor, id)).filter((r): r is ModelRental => r !== undefined)
    if (await step(m, real, actor, call('claim', [offerIds]), true, this.toString())) {
      applyClaim(m, actor, own, m.now)
    }
    await checkAll(m, real)
  }
  toString = () => `claim(a${this.actor}, [${this.ks.join(',')}]${this.unknown ? ', unknown' : ''})`
}

/** A provider cancels a fresh offer; renting it afterwards must fail. */
class CancelOffer implements Cmd {
  constructor(
    readonly provider: number,
    readonly renter: number,
  ) {}
  check = () => true
  async run(m: Model, real: Real) {
    const offer: Offer = {
      provider: real.actors[this.provider]?.address as Hex,
      offerId: keccak256(toHex(`model-offer-${serial++}`)),
      ...{ gpuModel: 'H100 SXM 80GB', gpuCount: 1, vramMiB: 81_559, token: real.tokens[0] as Hex },
      ...{ pricePerHour: 1_000_000n, minDuration: 60, maxDuration: 7200, expiresAt: BigInt(m.now + 600) },
    }
    const signature = await real.w.sign(offer, real.actors[this.provider])
    await step(m, real, this.provider, call('cancelOffer', [offer.offerId]), true, 'cancelOffer')
    const data = call('rent', [offer, signature, 3600, sealedSpec(32)])
    await step(m, real, this.renter, data, false, 'rent a cancelled offer')
    await checkAll(m, real)
  }
  toString = () => `cancelOffer(p${this.provider})`
}

const actor = fc.oneof(
  { weight: 3, arbitrary: fc.constant(RIGHTFUL) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 4 }) },
)
const k = fc.nat(40)
const price = fc.oneof(
  { weight: 6, arbitrary: fc.bigInt(100_000n, 50_000_000n) },
  { weight: 1, arbitrary: fc.bigInt(1n, 1_000n) },
  { weight: 1, arbitrary: fc.constantFrom(UINT96_MAX, UINT96_MAX + 1n) },
)
const seconds = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 60, max: 7200 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 100_000 }) },
)
const specBytes = fc.oneof(
  { weight: 20, arbitrary: fc.integer({ min: 1, max: 600 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, MAX_SEALED_SPEC_BYTES, MAX_SEALED_SPEC_BYTES + 1) },
)
const twinOf = fc.option(k, { freq: 6, nil: undefined })

const rent = fc
  .tuple(fc.constantFrom(...RENTERS), fc.constantFrom(...PROVIDERS), fc.nat(3), price, seconds, fc.nat(90))
  .chain(([r, p, token, pr, d, min]) =>
    fc
      .tuple(seconds, fc.nat(19), specBytes, twinOf)
      .map(
        ([extra, dice, bytes, twin]) =>
          new Rent(
            r,
            p,
            token < 2 ? 0 : 1,
            pr,
            d,
            min,
            d + (dice % 3 === 0 ? 0 : extra),
            dice === 0,
            bytes,
            twin,
          ),
      ),
  )
const renterCall = (action: 'stop' | 'cancel') =>
  fc.tuple(k, actor).map(([i, a]) => new RenterCall(action, i, a))
const providerCall = (action: 'start' | 'finish') =>
  fc.tuple(k, actor).map(([i, a]) => new ProviderCall(action, i, a))

/** The rental commands; renting and starting appear more than once to keep rentals live. */
export const rentalCommands: fc.Arbitrary<Cmd>[] = [
  rent,
  rent,
  rent,
  rent,
  rent,
  providerCall('start'),
  providerCall('start'),
  providerCall('finish'),
  fc.tuple(k, actor, fc.nat(255)).map(([i, a, reason]) => new ProviderCall('decline', i, a, reason)),
  renterCall('stop'),
  renterCall('cancel'),
  fc.tuple(k, actor).map(([i, a]) => new SettleNoShow(i, a)),
  fc.tuple(k, actor).map(([i, a]) => new Reuse(i, a)),
  fc
    .tuple(k, actor, fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 20_000 })))
    .map(([i, a, e]) => new RenterCall('extend', i, a, e)),
  fc
    .tuple(actor, fc.array(k, { minLength: 1, maxLength: 4 }), fc.boolean())
    .map(([a, ks, unknown]) => new Claim(a, ks, unknown)),
  fc.tuple(actor, fc.array(k, { minLength: 1, maxLength: 4 })).map(([a, ks]) => new Claim(a, ks, false)),
  fc.tuple(fc.constantFrom(...PROVIDERS), fc.constantFrom(...RENTERS)).map(([p, r]) => new CancelOffer(p, r)),
]
