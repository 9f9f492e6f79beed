import fc from 'fast-check'
import type { Hex } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createWorld, USDC, type World } from './harness'
import { commandArbitraries } from './invariants/commands'
import { type Model, Status } from './invariants/model'
import { checkAll, createReal, type Real } from './invariants/real'

/**
 * Model-based test: random sequences of rent, start, claim, stop, extend, cancel, cancelOffer,
 * offer reuse, donations and time jumps from several actors, each checked against a TypeScript model
 * of the escrow and against the protocol's invariants after every step.
 * WEFT_FUZZ_RUNS sets the number of sequences (200 in `npm test`); WEFT_FUZZ_SEED replays a failure.
 */
const runs = Number(process.env.WEFT_FUZZ_RUNS ?? 200)
const seed = Number(process.env.WEFT_FUZZ_SEED ?? 20_261_124)

let w: World
let real: Real
let base: Hex
let initial: Model
const reached = new Map<number, number>()
let steps = 0

beforeAll(async () => {
  w = await createWorld()
  await w.sendMarket(w.provider2, 'registerProvider', ['https://second.example', 500n * USDC])
  const actors = [w.provider, w.provider2, w.renter, w.stranger, w.accounts[5]].filter((a) => a !== undefined)
  real = createReal(w, actors)
  initial = {
    now: await w.now(),
    rentals: [],
    stakes: [1000n * USDC, 500n * USDC],
    active: [0, 0],
    balances: await Promise.all(actors.map((a) => w.balance(a.address))),
    market: await w.balance(w.market),
  }
  await checkAll(initial, real)
  base = await w.snapshot()
})
afterAll(() => w?.stop())

describe('escrow invariants', () => {
  it(`hold over ${runs} random sequences of up to 30 steps (seed ${seed})`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.commands(commandArbitraries, { maxCommands: 30, size: 'max' }),
        async (commands) => {
          await w.revert(base)
          base = await w.snapshot()
          const model: Model = structuredClone({ ...initial, now: await w.now() })
          await fc.asyncModelRun(() => ({ model, real }), commands)
          for (const r of model.rentals) reached.set(r.status, (reached.get(r.status) ?? 0) + 1)
          steps += model.rentals.length
        },
      ),
      { numRuns: runs, seed, endOnFailure: true },
    )
    // The sequences must actually exercise the protocol, or the property proves nothing.
    console.log(
      `rentals by final status: ${JSON.stringify(Object.fromEntries(reached))}, ${steps} rentals in all`,
    )
    // (Only meaningful with enough sequences; a short debugging run may miss a status.)
    for (const status of runs >= 100
      ? [Status.Pending, Status.Running, Status.Stopped, Status.Ended, Status.Cancelled]
      : []) {
      expect(
        reached.get(status) ?? 0,
        `sequences that end with a rental in status ${status}`,
      ).toBeGreaterThan(0)
    }
  }, 3_600_000)
})
