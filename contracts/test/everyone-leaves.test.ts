/**
 * With the USDC-shaped stake token refusing transfers at the worst moments, every party can still
 * leave with exactly what it is owed, and at every point the market holds exactly what it owes.
 */
import type { Abi, Address } from 'viem'
import { describe, expect, it } from 'vitest'
import { cost } from '../../lib/chain/pricing'
import { baseTime, isolatedWorld, providerOf, rentAt, runningRental, Status, sendAt } from './fixtures'
import { UsdcLikeToken } from './generated-mocks'
import { HOUR, USDC } from './harness'

const w = isolatedWorld(undefined, { token: 'usdc-like' })
const PRICE = 5n * USDC + 3n

const admin = (functionName: 'pause' | 'unpause' | 'blacklist' | 'unBlacklist', args: Address[] = []) =>
  w.send(w.deployer, w.usdc, UsdcLikeToken.abi as Abi, functionName, args)

/** What the market still owes on rental `id`: the part of its deposit not yet paid out or refunded. */
async function escrowed(id: bigint): Promise<bigint> {
  const r = await w.rental(id)
  if (r.status === Status.Pending) return r.deposit
  if (r.status === Status.Running || r.status === Status.Stopped || r.status === Status.Finished) {
    return r.deposit - r.paid
  }
  return 0n // ended and claimed in full, or closed before it started and refunded
}

describe('every party can always leave with exactly what it is owed', () => {
  it('balances + credits add up to deposits; the market holds escrowed + credits + stakes', async () => {
    await w.sendMarket(w.provider2, 'registerProvider', ['https://p2.example', 200n * USDC])
    const parties = [w.provider, w.provider2, w.renter, w.stranger]
    const start = await Promise.all(parties.map((p) => w.balance(p.address)))
    const total = start.reduce((s, b) => s + b, await w.balance(w.market))
    const ids: bigint[] = []

    async function checkBooks(label: string) {
      const [balances, credits, market, stakes, owed] = await Promise.all([
        Promise.all(parties.map((p) => w.balance(p.address))),
        Promise.all(parties.map((p) => w.credit(p.address))),
        w.balance(w.market),
        Promise.all([w.provider, w.provider2].map(async (p) => (await providerOf(w, p.address)).stake)),
        Promise.all(ids.map(escrowed)),
      ])
      const sum = (xs: bigint[]) => xs.reduce((s, x) => s + x, 0n)
      expect(sum(balances) + market, `${label}: conservation`).toBe(total)
      expect(market, `${label}: market = escrowed + credits + stakes`).toBe(
        sum(owed) + sum(credits) + sum(stakes),
      )
    }

    const t = await baseTime(w)
    const expiresAt = BigInt(t + HOUR)
    const offer = (provider = w.provider) =>
      w.makeOffer({ provider: provider.address, pricePerHour: PRICE, expiresAt })
    const a = await runningRental(w, t, await offer(), HOUR)
    const b = await runningRental(w, t + 2, await offer(), 1800, w.stranger)
    const o2 = await offer(w.provider2)
    const c = await rentAt(w, t + 4, o2, 600, { signature: await w.sign(o2, w.provider2) })
    const d = await rentAt(w, t + 5, await offer(), 900)
    ids.push(a.id, b.id, c.id, d.id)
    await checkBooks('after renting')

    await admin('blacklist', [w.provider.address])
    await sendAt(w, t + 600, w.provider, 'claimEarned', [[a.offerId, b.offerId]]) // credited
    await admin('pause')
    await sendAt(w, t + 601, w.renter, 'stop', [a.id]) // credited
    await sendAt(w, t + 602, w.provider, 'decline', [d.offerId, 3]) // credited
    await checkBooks('while refusing')
    await admin('unpause')
    await sendAt(w, t + 4 + 901, w.stranger, 'settleNoShow', [c.id]) // paid, with compensation
    await sendAt(w, t + 1000, w.provider, 'finish', [b.offerId]) // stranger's refund paid
    await checkBooks('after the unpause')

    // Everyone takes out what it is owed.
    await sendAt(w, t + 1001, w.renter, 'withdraw', [w.usdc])
    await sendAt(w, t + 1002, w.provider, 'claimEarned', [[a.offerId, b.offerId, d.offerId]]) // still credited
    await admin('unBlacklist', [w.provider.address])
    await sendAt(w, t + 1003, w.provider, 'withdraw', [w.usdc])
    await checkBooks('after the withdrawals')
    expect(await Promise.all(parties.map((p) => w.credit(p.address)))).toEqual([0n, 0n, 0n, 0n])
    expect((await providerOf(w, w.provider.address)).activeRentals).toBe(0)
    expect((await providerOf(w, w.provider2.address)).activeRentals).toBe(0)
    const stake2 = (await providerOf(w, w.provider2.address)).stake
    await sendAt(w, t + 1004, w.provider, 'withdrawStake', [1000n * USDC])
    await sendAt(w, t + 1005, w.provider2, 'withdrawStake', [stake2])
    await checkBooks('after the stakes')
    expect(await w.balance(w.market)).toBe(0n)

    // Exactly what each was owed: the provider its pay, the renters their refunds and compensation.
    const end = await Promise.all(parties.map((p) => w.balance(p.address)))
    const compensation = cost(PRICE, HOUR)
    const pay = cost(PRICE, 600) + cost(PRICE, 997)
    expect(end.map((b, i) => b - (start[i] ?? 0n))).toEqual([
      pay + 1000n * USDC,
      stake2,
      -cost(PRICE, 600) + compensation,
      -cost(PRICE, 997),
    ])
    expect(stake2).toBe(200n * USDC - compensation)
  })
})
