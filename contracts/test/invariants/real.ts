import type { Account, Hex } from 'viem'
import { expect } from 'vitest'
import { WeftMarket } from '../../../lib/chain/generated'
import type { World } from '../harness'
import { ACTOR_COUNT, type Model, Status, TERMINAL } from './model'

export type Real = {
  w: World
  actors: Account[]
  /** Sends call data to the market in a block mined at exactly `t`; resolves to whether it succeeded. */
  exec(actor: number, data: Hex, t: number): Promise<boolean>
}

export function createReal(w: World, actors: Account[]): Real {
  return {
    w,
    actors,
    async exec(actor, data, t) {
      const account = actors[actor]
      if (!account) throw new Error(`no actor ${actor}`)
      await w.setNextTimestamp(t)
      // A fixed gas limit skips estimation, so a reverting call is mined (status 0) like any other.
      const hash = await w.walletFor(account).sendTransaction({ to: w.market, data, gas: 3_000_000n })
      const receipt = await w.publicClient.waitForTransactionReceipt({ hash, pollingInterval: 20 })
      return receipt.status === 'success'
    },
  }
}

/** Compares every rental, balance and stake on chain with the model, and checks the invariants. */
export async function checkAll(m: Model, real: Real) {
  const { w, actors } = real
  const contract = { address: w.market, abi: WeftMarket.abi } as const
  const client = w.publicClient
  const [rentals, accrued, balances, market, providers] = await Promise.all([
    Promise.all(
      m.rentals.map((r) => client.readContract({ ...contract, functionName: 'getRental', args: [r.id] })),
    ),
    Promise.all(
      m.rentals.map((r) => client.readContract({ ...contract, functionName: 'accrued', args: [r.id] })),
    ),
    Promise.all(actors.map((a) => w.balance(a.address))),
    w.balance(w.market),
    Promise.all(
      actors
        .slice(0, 2)
        .map((a) => client.readContract({ ...contract, functionName: 'getProvider', args: [a.address] })),
    ),
  ])

  for (const [i, r] of m.rentals.entries()) {
    const chain = rentals[i]
    if (!chain) throw new Error(`rental ${i} was not read`)
    const label = `rental ${i} (${Object.keys(Status)[r.status]})`
    expect(chain.status, label).toBe(r.status)
    expect(chain.duration, label).toBe(r.duration)
    expect(chain.paidSeconds, label).toBe(r.paidSeconds)
    expect(chain.settled, label).toBe(r.settled)
    expect(chain.renter, label).toBe(actors[r.renter]?.address)

    const [total] = accrued[i] ?? [0n]
    if (r.status === Status.Pending || r.status === Status.Cancelled)
      expect(total, `${label}: accrual before start`).toBe(0n)
    if (r.status === Status.Running) {
      expect(total >= r.lastAccrued, `${label}: accrual is monotonic`).toBe(true)
      r.lastAccrued = total
    }
    expect(total <= r.deposited, `${label}: accrual capped at the deposit`).toBe(true)
    expect(r.paidOut + r.refunded <= r.deposited, `${label}: paid + refunded <= deposit`).toBe(true)
    if (r.status === Status.Cancelled || (TERMINAL.has(r.status) && r.settled)) {
      expect(r.paidOut + r.refunded, `${label}: settled with no dust`).toBe(r.deposited)
    }
  }
  for (let a = 0; a < ACTOR_COUNT; a++) expect(balances[a], `balance of actor ${a}`).toBe(m.balances[a])
  expect(market, 'market balance').toBe(m.market)
  const owed =
    m.rentals.reduce((sum, r) => sum + r.deposited - r.paidOut - r.refunded, 0n) +
    (m.stakes[0] ?? 0n) +
    (m.stakes[1] ?? 0n)
  expect(market >= owed, 'the market holds at least what it owes').toBe(true)
  for (const p of [0, 1]) {
    const [, stake, active] = providers[p] ?? []
    expect(stake, `stake of provider ${p}`).toBe(m.stakes[p])
    expect(active, `active rentals of provider ${p}`).toBe(m.active[p])
  }
}
