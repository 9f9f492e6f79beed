import fc from 'fast-check'
import type { Abi, Hex } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TestUSDC } from '../../lib/chain/generated'
import { allowToken, deploy, fund } from './fixtures'
import { createWorld, USDC, type World } from './harness'
import { rentalCommands } from './invariants/commands'
import { fundsCommands } from './invariants/funds'
import { ACTOR_COUNT, type Model, reach, Status, TOKEN_COUNT } from './invariants/model'
import { checkAll, createReal, type Real } from './invariants/real'

/**
 * Model-based test: random sequences of rent, start, decline, finish, claim, stop, extend, cancel,
 * settleNoShow, cancelOffer, offer reuse, withdrawals of credits and stakes, donations, time jumps
 * and the stake token's pause and blacklist, from several actors, each checked against a TypeScript
 * model of the escrow and against the protocol's invariants after every step. The stake token is
 * USDC-shaped (it pauses and blacklists, so payouts get credited); a plain second token is allowed.
 * WEFT_FUZZ_RUNS sets the number of sequences (200 in `npm test`); WEFT_FUZZ_SEED replays a failure.
 */
const runs = Number(process.env.WEFT_FUZZ_RUNS ?? 200)
const seed = Number(process.env.WEFT_FUZZ_SEED ?? 20_261_124)

let w: World
let real: Real
let base: Hex
let initial: Model
const reached = new Map<number, number>()
let rentals = 0

beforeAll(async () => {
  w = await createWorld(undefined, { token: 'usdc-like' })
  await w.sendMarket(w.provider2, 'registerProvider', ['https://second.example', 500n * USDC])
  const actors = [w.provider, w.provider2, w.renter, w.stranger, w.accounts[5]].filter((a) => a !== undefined)
  const second = await deploy(w, TestUSDC)
  await allowToken(w, second)
  for (const actor of actors) {
    await fund(w, { address: second, abi: TestUSDC.abi as Abi }, actor, 1_000_000n * USDC)
  }
  const tokens = [w.usdc, second]
  real = createReal(w, [...actors, w.deployer], tokens)
  const balances = await Promise.all(
    tokens.map((token) => Promise.all(actors.map((a) => w.balance(a.address, token)))),
  )
  const market = await Promise.all(tokens.map((token) => w.balance(w.market, token)))
  initial = {
    now: await w.now(),
    rentals: [],
    stakes: [1000n * USDC, 500n * USDC],
    active: [0, 0],
    balances,
    credits: tokens.map(() => new Array<bigint>(ACTOR_COUNT).fill(0n)),
    market,
    donated: new Array<bigint>(TOKEN_COUNT).fill(0n),
    supply: balances.map((row, k) => row.reduce((s, b) => s + b, market[k] ?? 0n)),
    paused: false,
    blacklisted: new Array<boolean>(ACTOR_COUNT).fill(false),
  }
  await checkAll(initial, real)
  base = await w.snapshot()
})
afterAll(() => w?.stop())

describe('escrow invariants', () => {
  it(
    `hold over ${runs} random sequences of up to 30 steps (seed ${seed})`,
    async () => {
      const started = Date.now()
      await fc.assert(
        fc.asyncProperty(
          fc.commands([...rentalCommands, ...fundsCommands], { maxCommands: 30, size: 'max' }),
          async (commands) => {
            await w.revert(base)
            base = await w.snapshot()
            real.reset()
            const model: Model = structuredClone({ ...initial, now: await w.now() })
            await fc.asyncModelRun(() => ({ model, real }), commands)
            for (const r of model.rentals) reached.set(r.status, (reached.get(r.status) ?? 0) + 1)
            rentals += model.rentals.length
          },
        ),
        { numRuns: runs, seed, endOnFailure: true },
      )
      // The sequences must actually exercise the protocol, or the property proves nothing.
      const byName = Object.fromEntries(
        Object.entries(Status).map(([name, code]) => [name, reached.get(code) ?? 0]),
      )
      console.log(
        `${runs} runs in ${Math.round((Date.now() - started) / 1000)} s; rentals by final status: ${JSON.stringify(byName)}, ${rentals} rentals in all; ${JSON.stringify(reach)}`,
      )
      // (Only meaningful with enough sequences; a short debugging run may miss one.)
      if (runs < 100) return
      for (const status of [
        Status.Pending,
        Status.Running,
        Status.Stopped,
        Status.Ended,
        Status.Cancelled,
        Status.Declined,
        Status.Finished,
        Status.NoShow,
      ]) {
        expect(
          reached.get(status) ?? 0,
          `sequences that end with a rental in status ${status}`,
        ).toBeGreaterThan(0)
      }
      for (const [what, count] of Object.entries(reach)) expect(count, `${what} reached`).toBeGreaterThan(0)
    },
    Math.max(3_600_000, runs * 2_000),
  ) // 10,000 runs take most of an hour on a busy machine
})
