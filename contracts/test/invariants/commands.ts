import fc from 'fast-check'
import { expect } from 'vitest'
import { cost } from '../../../lib/chain/pricing'
import {
  applyClaim,
  applyCloseUnstarted,
  applyEndRunning,
  applyExtend,
  extendRefusal,
  findOwn,
  type Model,
  type ModelRental,
  reach,
  START_WINDOW,
  Status,
} from './model'
import { cancelOffer, rent, reuse } from './offers'
import { checkAll, eventsIn, type Real } from './real'
import {
  actorArb as actor,
  type Cmd,
  freshOfferId,
  rentalIndex as k,
  marketCall,
  pick,
  RIGHTFUL,
  step,
} from './step'

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
      if (await step(m, real, actor, marketCall('stop', [r.id]), ok, label))
        applyEndRunning(m, r, t, Status.Stopped)
    } else if (this.action === 'cancel') {
      const ok = actor === r.renter && r.status === Status.Pending
      const late = t > r.since + START_WINDOW
      if (await step(m, real, actor, marketCall('cancel', [r.id]), ok, label)) {
        applyCloseUnstarted(m, r, Status.Cancelled, late)
      }
    } else {
      const ok = extendRefusal(m, r, actor, this.extra, t) === undefined
      if (await step(m, real, actor, marketCall('extend', [r.id, this.extra]), ok, label)) {
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
      const receipt = await step(m, real, actor, marketCall('start', [offerId]), inWindow, label)
      if (target && receipt) {
        target.since = t
        target.status = Status.Running
      }
    } else if (this.action === 'decline') {
      const receipt = await step(
        m,
        real,
        actor,
        marketCall('decline', [offerId, this.reason]),
        inWindow,
        label,
      )
      if (target && receipt) {
        const refund = cost(target.price, target.duration)
        expect(eventsIn(receipt, 'Declined')).toEqual([{ id: target.id, reason: this.reason, refund }])
        applyCloseUnstarted(m, target, Status.Declined, false)
      }
    } else {
      const ok = target?.status === Status.Running
      const receipt = await step(m, real, actor, marketCall('finish', [offerId]), ok, label)
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
    const receipt = await step(m, real, actor, marketCall('settleNoShow', [r.id]), ok, this.toString())
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
    if (this.unknown) offerIds.push(freshOfferId())
    if (named.some((r) => r.provider !== actor)) reach.foreignCalls += 1
    const own = offerIds.map((id) => findOwn(m, actor, id)).filter((r): r is ModelRental => r !== undefined)
    if (await step(m, real, actor, marketCall('claimEarned', [offerIds]), true, this.toString())) {
      applyClaim(m, actor, own, m.now)
    }
    await checkAll(m, real)
  }
  toString = () => `claim(a${this.actor}, [${this.ks.join(',')}]${this.unknown ? ', unknown' : ''})`
}

/** A provider cancels a fresh offer; renting it afterwards must fail. */
const renterCall = (action: 'stop' | 'cancel') =>
  fc.tuple(k, actor).map(([i, a]) => new RenterCall(action, i, a))
const providerCall = (action: 'start' | 'finish') =>
  fc.tuple(k, actor).map(([i, a]) => new ProviderCall(action, i, a))

/** The rental commands, in a fixed order (seeds replay); renting and starting appear more than once to keep rentals live. */
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
  reuse,
  fc
    .tuple(k, actor, fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 20_000 })))
    .map(([i, a, e]) => new RenterCall('extend', i, a, e)),
  fc
    .tuple(actor, fc.array(k, { minLength: 1, maxLength: 4 }), fc.boolean())
    .map(([a, ks, unknown]) => new Claim(a, ks, unknown)),
  fc.tuple(actor, fc.array(k, { minLength: 1, maxLength: 4 })).map(([a, ks]) => new Claim(a, ks, false)),
  cancelOffer,
]
