import fc from 'fast-check'
import { encodeFunctionData, type Hex, keccak256, toHex } from 'viem'
import { expect } from 'vitest'
import { TestUSDC, WeftMarket } from '../../../lib/chain/generated'
import { cost } from '../../../lib/chain/pricing'
import {
  applyCancel,
  applyClaim,
  applyExtend,
  applyStop,
  extendRefusal,
  type Model,
  type ModelRental,
  PROVIDERS,
  RENTERS,
  START_WINDOW,
  Status,
  UINT96_MAX,
} from './model'
import { checkAll, type Real } from './real'

type Cmd = fc.AsyncCommand<Model, Real>
const abi = WeftMarket.abi
const jobSpecHash = keccak256(toHex('job'))
let serial = 0

/** Runs one transaction at the next second and asserts the chain agreed with the model on success. */
async function step(m: Model, real: Real, actor: number, data: Hex, expected: boolean, label: string) {
  m.now += 1
  const ok = await real.exec(actor, data, m.now)
  expect(ok, `${label}: expected ${expected ? 'success' : 'revert'}`).toBe(expected)
  return ok
}

const RIGHTFUL = -1
const pick = (m: Model, k: number): ModelRental | undefined => m.rentals[k % Math.max(m.rentals.length, 1)]

class Rent implements Cmd {
  constructor(
    readonly renter: number,
    readonly provider: number,
    readonly price: bigint,
    readonly duration: number,
    readonly min: number,
    readonly max: number,
    readonly expired: boolean,
  ) {}
  check = () => true
  async run(m: Model, real: Real) {
    const t = m.now + 1
    const offer = {
      ...(await real.w.makeOffer({ provider: real.actors[this.provider]?.address })),
      offerId: keccak256(toHex(`model-offer-${serial++}`)),
      pricePerHour: this.price,
      minDuration: this.min,
      maxDuration: this.max,
      expiresAt: BigInt(this.expired ? t - 1 : t + 600),
    }
    const signature = await real.w.sign(offer, real.actors[this.provider])
    const deposit = this.price <= UINT96_MAX ? cost(this.price, this.duration) : 0n
    const valid =
      !this.expired &&
      this.duration > 0 &&
      this.duration >= this.min &&
      this.duration <= this.max &&
      this.price <= UINT96_MAX &&
      deposit > 0n &&
      deposit <= (m.balances[this.renter] ?? 0n)
    const data = encodeFunctionData({
      abi,
      functionName: 'rent',
      args: [offer, signature, this.duration, jobSpecHash],
    })
    if (!(await step(m, real, this.renter, data, valid, this.toString()))) return
    const id = await real.w.publicClient.readContract({
      address: real.w.market,
      abi,
      functionName: 'rentalId',
      args: [offer.provider, offer.offerId],
    })
    m.rentals.push({
      ...{ id, offer, signature, renter: this.renter, provider: this.provider, price: this.price },
      ...{ duration: this.duration, maxDuration: this.max, since: t, status: Status.Pending, paidSeconds: 0 },
      ...{ settled: false, deposited: deposit, paidOut: 0n, refunded: 0n, lastAccrued: 0n },
    })
    m.balances[this.renter] = (m.balances[this.renter] ?? 0n) - deposit
    m.market += deposit
    m.active[this.provider] = (m.active[this.provider] ?? 0) + 1
    await checkAll(m, real)
  }
  toString = () =>
    `rent(r${this.renter}, p${this.provider}, ${this.price}/h, ${this.duration}s [${this.min},${this.max}]${this.expired ? ', expired' : ''})`
}

/** Re-submits an already used (or cancelled) offer: it must never fill twice. */
class Reuse implements Cmd {
  constructor(
    readonly k: number,
    readonly renter: number,
  ) {}
  check = (m: Readonly<Model>) => m.rentals.length > 0
  async run(m: Model, real: Real) {
    const r = pick(m, this.k)
    if (!r) return
    const data = encodeFunctionData({
      abi,
      functionName: 'rent',
      args: [r.offer, r.signature, r.duration || 60, jobSpecHash],
    })
    await step(m, real, this.renter === RIGHTFUL ? r.renter : this.renter, data, false, this.toString())
    await checkAll(m, real)
  }
  toString = () => `reuse(${this.k}, r${this.renter})`
}

/** A call on one rental by one actor: start, stop, cancel or extend. */
class OnRental implements Cmd {
  constructor(
    readonly action: 'start' | 'stop' | 'cancel' | 'extend',
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
    // -1 stands for the rightful party, so most calls are authorised and the protocol moves on.
    const rightful = this.action === 'start' ? r.provider : r.renter
    const actor = this.actor === RIGHTFUL ? rightful : this.actor
    if (this.action === 'start') {
      const ok = actor === r.provider && r.status === Status.Pending && t <= r.since + START_WINDOW
      if (
        await step(
          m,
          real,
          actor,
          encodeFunctionData({ abi, functionName: 'start', args: [r.id] }),
          ok,
          label,
        )
      ) {
        r.since = t
        r.status = Status.Running
      }
    } else if (this.action === 'stop') {
      const ok = actor === r.renter && r.status === Status.Running
      if (
        await step(m, real, actor, encodeFunctionData({ abi, functionName: 'stop', args: [r.id] }), ok, label)
      ) {
        applyStop(m, r, t)
      }
    } else if (this.action === 'cancel') {
      const ok = actor === r.renter && r.status === Status.Pending
      if (
        await step(
          m,
          real,
          actor,
          encodeFunctionData({ abi, functionName: 'cancel', args: [r.id] }),
          ok,
          label,
        )
      ) {
        applyCancel(m, r, t)
      }
    } else {
      const ok = extendRefusal(r, actor, this.extra, t) === undefined
      const data = encodeFunctionData({ abi, functionName: 'extend', args: [r.id, this.extra] })
      if (await step(m, real, actor, data, ok, label)) applyExtend(m, r, this.extra)
    }
    await checkAll(m, real)
  }
  toString = () =>
    `${this.action}(${this.k}, a${this.actor}${this.action === 'extend' ? `, +${this.extra}s` : ''})`
}

class Claim implements Cmd {
  constructor(
    readonly actor: number,
    readonly ks: number[],
  ) {}
  check = (m: Readonly<Model>) => m.rentals.length > 0
  async run(m: Model, real: Real) {
    const rentals = this.ks.map((k) => pick(m, k)).filter((r): r is ModelRental => r !== undefined)
    const actor = this.actor === RIGHTFUL ? (rentals[0]?.provider ?? 0) : this.actor
    const ok = PROVIDERS.some((p) => p === actor) && rentals.every((r) => r.provider === actor)
    const data = encodeFunctionData({ abi, functionName: 'claim', args: [rentals.map((r) => r.id)] })
    if (await step(m, real, actor, data, ok, this.toString())) applyClaim(m, actor, rentals, m.now)
    await checkAll(m, real)
  }
  toString = () => `claim(a${this.actor}, [${this.ks.join(',')}])`
}

/** A provider cancels a fresh offer; renting it afterwards must fail. */
class CancelOffer implements Cmd {
  constructor(
    readonly provider: number,
    readonly renter: number,
  ) {}
  check = () => true
  async run(m: Model, real: Real) {
    const offer = {
      ...(await real.w.makeOffer({ provider: real.actors[this.provider]?.address })),
      expiresAt: BigInt(m.now + 600),
    }
    const signature = await real.w.sign(offer, real.actors[this.provider])
    await step(
      m,
      real,
      this.provider,
      encodeFunctionData({ abi, functionName: 'cancelOffer', args: [offer.offerId] }),
      true,
      'cancelOffer',
    )
    const data = encodeFunctionData({
      abi,
      functionName: 'rent',
      args: [offer, signature, 3600, jobSpecHash],
    })
    await step(m, real, this.renter, data, false, 'rent a cancelled offer')
    await checkAll(m, real)
  }
  toString = () => `cancelOffer(p${this.provider})`
}

class Donate implements Cmd {
  constructor(readonly amount: bigint) {}
  check = () => true
  async run(m: Model, real: Real) {
    m.now += 1
    await real.w.setNextTimestamp(m.now)
    await real.w.send(real.actors[4] ?? real.w.stranger, real.w.usdc, TestUSDC.abi, 'transfer', [
      real.w.market,
      this.amount,
    ])
    m.balances[4] = (m.balances[4] ?? 0n) - this.amount
    m.market += this.amount
    await checkAll(m, real)
  }
  toString = () => `donate(${this.amount})`
}

class Travel implements Cmd {
  constructor(readonly seconds: number) {}
  check = () => true
  async run(m: Model, real: Real) {
    m.now += this.seconds
    await real.w.setNextTimestamp(m.now)
    await real.w.testClient.mine({ blocks: 1 })
    await checkAll(m, real)
  }
  toString = () => `travel(${this.seconds}s)`
}

const actor = fc.oneof(
  { weight: 3, arbitrary: fc.constant(RIGHTFUL) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 4 }) },
)
const k = fc.nat(40)
const travelSeconds = fc.oneof(
  fc.integer({ min: 1, max: 1200 }),
  fc.integer({ min: 1, max: 200_000 }),
  fc.constant(3 * 365 * 86_400),
)
const price = fc.oneof(
  { weight: 6, arbitrary: fc.bigInt(100_000n, 50_000_000n) },
  { weight: 1, arbitrary: fc.bigInt(1n, 1_000n) },
  { weight: 1, arbitrary: fc.constantFrom(UINT96_MAX, UINT96_MAX + 1n) },
)
const seconds = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 60, max: 7200 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 100_000 }) },
)

/** Every command the model knows, with weights that keep sequences busy with live rentals. */
const rent = fc
  .tuple(
    fc.constantFrom(...RENTERS),
    fc.constantFrom(...PROVIDERS),
    price,
    seconds,
    fc.nat(90),
    seconds,
    fc.nat(19),
  )
  .map(
    ([r, p, pr, d, min, extra, dice]) =>
      new Rent(r, p, pr, d, min, d + (dice % 3 === 0 ? 0 : extra), dice === 0),
  )
const onRental = (action: 'start' | 'stop' | 'cancel') =>
  fc.tuple(k, actor).map(([i, a]) => new OnRental(action, i, a))

/** Every command the model knows; renting and starting appear more than once to keep rentals live. */
export const commandArbitraries: fc.Arbitrary<Cmd>[] = [
  rent,
  rent,
  rent,
  onRental('start'),
  onRental('start'),
  onRental('stop'),
  onRental('cancel'),
  fc.tuple(k, actor).map(([i, a]) => new Reuse(i, a)),
  fc
    .tuple(k, actor, fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 20_000 })))
    .map(([i, a, e]) => new OnRental('extend', i, a, e)),
  fc.tuple(actor, fc.array(k, { minLength: 1, maxLength: 4 })).map(([a, ks]) => new Claim(a, ks)),
  fc.tuple(actor, fc.array(k, { minLength: 1, maxLength: 4 })).map(([a, ks]) => new Claim(a, ks)),
  fc.tuple(fc.constantFrom(...PROVIDERS), fc.constantFrom(...RENTERS)).map(([p, r]) => new CancelOffer(p, r)),
  fc.bigInt(1n, 5_000_000n).map((a) => new Donate(a)),
  travelSeconds.map((s) => new Travel(s)),
]
