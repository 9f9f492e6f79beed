import fc from 'fast-check'
import { type Hex, keccak256 } from 'viem'
import { expect } from 'vitest'
import type { Offer } from '../../../lib/chain/offer-typed-data'
import { cost } from '../../../lib/chain/pricing'
import { rentalIdOf } from '../fixtures'
import {
  canPull,
  findOwn,
  MAX_SEALED_SPEC_BYTES,
  MIN_STAKE,
  type Model,
  PROVIDERS,
  pull,
  RENTERS,
  reach,
  Status,
  UINT96_MAX,
} from './model'
import { checkAll, eventsIn, type Real } from './real'
import {
  actorArb,
  type Cmd,
  freshOfferId,
  marketCall,
  pick,
  RIGHTFUL,
  rentalIndex,
  sealedSpec,
  step,
} from './step'

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
      offerId: twin?.offer.offerId ?? freshOfferId(),
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
    const data = marketCall('rent', [offer, signature, this.duration, spec])
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
    const data = marketCall('rent', [r.offer, r.signature, r.duration || 60, sealedSpec(32)])
    await step(m, real, this.renter === RIGHTFUL ? r.renter : this.renter, data, false, this.toString())
    await checkAll(m, real)
  }
  toString = () => `reuse(${this.k}, r${this.renter})`
}

/** A renter's call on one rental, by rental id: stop, cancel or extend. */
class CancelOffer implements Cmd {
  constructor(
    readonly provider: number,
    readonly renter: number,
  ) {}
  check = () => true
  async run(m: Model, real: Real) {
    const offer: Offer = {
      provider: real.actors[this.provider]?.address as Hex,
      offerId: freshOfferId(),
      ...{ gpuModel: 'H100 SXM 80GB', gpuCount: 1, vramMiB: 81_559, token: real.tokens[0] as Hex },
      ...{ pricePerHour: 1_000_000n, minDuration: 60, maxDuration: 7200, expiresAt: BigInt(m.now + 600) },
    }
    const signature = await real.w.sign(offer, real.actors[this.provider])
    await step(m, real, this.provider, marketCall('cancelOffer', [offer.offerId]), true, 'cancelOffer')
    const data = marketCall('rent', [offer, signature, 3600, sealedSpec(32)])
    await step(m, real, this.renter, data, false, 'rent a cancelled offer')
    await checkAll(m, real)
  }
  toString = () => `cancelOffer(p${this.provider})`
}

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
const twinOf = fc.option(rentalIndex, { freq: 6, nil: undefined })

/** A rent of a fresh offer (or of another rental's offer id, a twin), valid or not. */
export const rent = fc
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

/** A renter re-submitting an offer already filled. */
export const reuse = fc.tuple(rentalIndex, actorArb).map(([i, a]) => new Reuse(i, a))
/** A provider cancelling a fresh offer, then a renter trying to fill it. */
export const cancelOffer = fc
  .tuple(fc.constantFrom(...PROVIDERS), fc.constantFrom(...RENTERS))
  .map(([p, r]) => new CancelOffer(p, r))
