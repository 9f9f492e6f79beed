import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createWorld, USDC, type World } from './harness'

let w: World
beforeAll(async () => {
  w = await createWorld()
})
afterAll(() => w?.stop())

describe('smoke', () => {
  it('rents, starts, stops', async () => {
    const offer = await w.makeOffer()
    const before = await w.balance(w.renter.address)
    const { id, receipt } = await w.rent(offer, 3600)
    console.log('rent gas', receipt.gasUsed)
    expect(await w.balance(w.renter.address)).toBe(before - 2n * USDC)
    const s = await w.sendMarket(w.provider, 'start', [id])
    console.log('start gas', s.gasUsed)
    await w.travel(100)
    const c = await w.sendMarket(w.provider, 'claim', [[id]])
    console.log('claim gas', c.gasUsed)
    const st = await w.sendMarket(w.renter, 'stop', [id])
    console.log('stop gas', st.gasUsed)
    const r = await w.rental(id)
    expect(r.status).toBe(3)
  })
})
