import fc from 'fast-check'
import { encodeFunctionData, type Hex } from 'viem'
import { TestUSDC } from '../../../lib/chain/generated'
import { UsdcLikeToken } from '../generated-mocks'
import {
  ACTOR_COUNT,
  applyWithdraw,
  balanceOf,
  canPull,
  canWithdraw,
  creditOf,
  MIN_STAKE,
  type Model,
  PROVIDERS,
  pull,
  reach,
  refuses,
  STAKE_TOKEN,
  TOKEN_COUNT,
  UINT96_MAX,
} from './model'
import { checkAll, type Real } from './real'
import { actorArb as actor, type Cmd, marketCall, RIGHTFUL, step } from './step'

/** The stake token's admin (it pauses and blacklists); not one of the actors whose money is tracked. */
export const ADMIN = ACTOR_COUNT

const isProvider = (a: number) => PROVIDERS.some((p) => p === a)

/** The stake token's admin pauses or unpauses it, or (un)blacklists an actor. */
class TokenAdmin implements Cmd {
  constructor(
    readonly action: 'pause' | 'unpause' | 'blacklist' | 'unBlacklist',
    readonly who: number,
  ) {}
  check = () => true
  async run(m: Model, real: Real) {
    const paused = this.action === 'pause' || this.action === 'unpause'
    // Lifting a blacklisting that is not there does nothing: lift one that is, when there is one.
    const listed = m.blacklisted.findIndex((b) => b)
    const who = this.action === 'unBlacklist' && !m.blacklisted[this.who] && listed >= 0 ? listed : this.who
    const args = paused ? [] : [real.actors[who]?.address]
    const data = encodeFunctionData({ abi: UsdcLikeToken.abi, functionName: this.action, args } as never)
    await step(m, real, ADMIN, data, true, this.toString(), real.tokens[STAKE_TOKEN] as Hex)
    if (paused) m.paused = this.action === 'pause'
    else m.blacklisted[who] = this.action === 'blacklist'
    await checkAll(m, real)
  }
  toString = () =>
    this.action === 'pause' || this.action === 'unpause' ? this.action : `${this.action}(a${this.who})`
}

/** An actor takes out its credit in a token: all of it, or a revert (nothing owed, or still refused). */
class Withdraw implements Cmd {
  constructor(
    readonly actor: number,
    readonly token: number,
  ) {}
  check = () => true
  async run(m: Model, real: Real) {
    const owed = Array.from({ length: ACTOR_COUNT }, (_, a) => a).find((a) => creditOf(m, this.token, a) > 0n)
    const actor = this.actor === RIGHTFUL ? (owed ?? 0) : this.actor
    const ok = canWithdraw(m, this.token, actor)
    if (!ok && creditOf(m, this.token, actor) > 0n) reach.withdrawRefused += 1
    const data = marketCall('withdraw', [real.tokens[this.token]])
    if (await step(m, real, actor, data, ok, this.toString())) {
      applyWithdraw(m, this.token, actor)
      reach.withdrawn += 1
    }
    await checkAll(m, real)
  }
  toString = () => `withdraw(a${this.actor}, t${this.token})`
}

/**
 * The actor owed the most in the stake token tries to withdraw (refused while the token still
 * refuses it), the token stops refusing it (the admin unpauses it and lifts the actor's
 * blacklisting), and the actor takes out exactly its credit.
 */
class Recover implements Cmd {
  check = (m: Readonly<Model>) => m.credits[STAKE_TOKEN]?.some((c) => c > 0n) === true
  async run(m: Model, real: Real) {
    const credits = m.credits[STAKE_TOKEN] ?? []
    const actor = credits.reduce((best, c, a) => (c > (credits[best] ?? 0n) ? a : best), 0)
    // While the token still refuses, the withdrawal reverts and the credit stays.
    if (!canWithdraw(m, STAKE_TOKEN, actor)) await new Withdraw(actor, STAKE_TOKEN).run(m, real)
    if (m.paused) await new TokenAdmin('unpause', actor).run(m, real)
    if (m.blacklisted[actor]) await new TokenAdmin('unBlacklist', actor).run(m, real)
    await new Withdraw(actor, STAKE_TOKEN).run(m, real)
  }
  toString = () => 'recover'
}

/** A provider withdraws part or all of its stake: only with no rental left unsettled. */
class WithdrawStake implements Cmd {
  constructor(
    readonly actor: number,
    readonly all: boolean,
  ) {}
  /** A tenth, so a provider usually stays above the minimum stake; or all of it. */
  check = () => true
  async run(m: Model, real: Real) {
    const free = PROVIDERS.find((p) => m.active[p] === 0)
    const p = this.actor === RIGHTFUL ? (free ?? 0) : this.actor
    const stake = m.stakes[p] ?? 0n
    const amount = this.all ? stake : stake / 10n
    const ok =
      isProvider(p) && m.active[p] === 0 && amount > 0n && amount <= stake && !refuses(m, STAKE_TOKEN, p)
    if (await step(m, real, p, marketCall('withdrawStake', [amount]), ok, this.toString())) {
      m.stakes[p] = stake - amount
      pull(m, STAKE_TOKEN, p, -amount) // the reverse of a pull: a direct transfer, never credited
      reach.stakeWithdrawn += 1
    }
    await checkAll(m, real)
  }
  toString = () => `withdrawStake(a${this.actor}, ${this.all ? 'all' : 'a tenth'})`
}

class AddStake implements Cmd {
  constructor(
    readonly actor: number,
    readonly amount: bigint,
  ) {}
  check = () => true
  async run(m: Model, real: Real) {
    const p =
      this.actor === RIGHTFUL ? (PROVIDERS.find((q) => (m.stakes[q] ?? 0n) < MIN_STAKE) ?? 0) : this.actor
    const ok = isProvider(p) && this.amount > 0n && canPull(m, STAKE_TOKEN, p, this.amount)
    if (await step(m, real, p, marketCall('addStake', [this.amount]), ok, this.toString())) {
      m.stakes[p] = (m.stakes[p] ?? 0n) + this.amount
      pull(m, STAKE_TOKEN, p, this.amount)
    }
    await checkAll(m, real)
  }
  toString = () => `addStake(a${this.actor}, ${this.amount})`
}

/** Actor 4 sends tokens straight to the market: owed to nobody, and changing nobody's due. */
class Donate implements Cmd {
  constructor(
    readonly token: number,
    readonly amount: bigint,
  ) {}
  check = () => true
  async run(m: Model, real: Real) {
    const donor = 4
    const ok = canPull(m, this.token, donor, this.amount) && this.amount <= balanceOf(m, this.token, donor)
    const data = encodeFunctionData({
      abi: TestUSDC.abi,
      functionName: 'transfer',
      args: [real.w.market, this.amount],
    })
    if (await step(m, real, donor, data, ok, this.toString(), real.tokens[this.token] as Hex)) {
      pull(m, this.token, donor, this.amount)
      m.donated[this.token] = (m.donated[this.token] ?? 0n) + this.amount
    }
    await checkAll(m, real)
  }
  toString = () => `donate(t${this.token}, ${this.amount})`
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

const token = fc.nat(TOKEN_COUNT - 1)
const travelSeconds = fc.oneof(
  fc.integer({ min: 1, max: 1200 }),
  fc.integer({ min: 1, max: 200_000 }),
  fc.constant(3 * 365 * 86_400),
)
const adminAction = fc.constantFrom(
  'pause' as const,
  'unpause' as const,
  'blacklist' as const,
  'unBlacklist' as const,
)

/** Whom the blacklist names: mostly a provider, whose claims are then credited (renters could not rent). */
const listed = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...PROVIDERS) },
  { weight: 1, arbitrary: fc.nat(ACTOR_COUNT - 1) },
)

/** Commands on money outside rentals: the stake token's pause and blacklist, credits, stakes, time. */
export const fundsCommands: fc.Arbitrary<Cmd>[] = [
  fc.tuple(adminAction, listed).map(([action, who]) => new TokenAdmin(action, who)),
  fc.tuple(adminAction, listed).map(([action, who]) => new TokenAdmin(action, who)),
  fc.tuple(adminAction, listed).map(([action, who]) => new TokenAdmin(action, who)),
  fc
    .tuple(actor, fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: token }))
    .map(([a, t]) => new Withdraw(a, t)),
  fc
    .tuple(actor, fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: token }))
    .map(([a, t]) => new Withdraw(a, t)),
  fc.tuple(actor, fc.nat(4)).map(([a, dice]) => new WithdrawStake(a, dice === 0)),
  fc
    .tuple(actor, fc.oneof(fc.constant(0n), fc.bigInt(1n, 500_000_000n), fc.constant(UINT96_MAX)))
    .map(([a, amount]) => new AddStake(a, amount)),
  fc.tuple(token, fc.bigInt(1n, 5_000_000n)).map(([t, a]) => new Donate(t, a)),
  travelSeconds.map((s) => new Travel(s)),
  fc.constant(new Recover()),
  fc.constant(new Recover()),
]
