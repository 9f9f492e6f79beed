import { afterAll, beforeAll, it } from 'vitest'
import { WeftMarket } from '../../lib/chain/generated'
import { createWorld, type World } from './harness'
let w: World
beforeAll(async () => { w = await createWorld() })
afterAll(() => w?.stop())
const sim = (w: World, id: bigint, extra: object) => w.publicClient.simulateContract({ account: w.provider, address: w.market, abi: WeftMarket.abi, functionName: 'start', args: [id], ...extra })
it('exp', async () => {
  const offer = await w.makeOffer()
  const { id } = await w.rent(offer, 3600)
  const r = await w.rental(id)
  const dl = r.createdAt + 900
  console.log('latest', await w.now(), 'dl', dl)
  for (const [name, extra] of [['pending', { blockTag: 'pending' }], ['ovr dl', { blockOverrides: { time: BigInt(dl) } }], ['ovr dl+1', { blockOverrides: { time: BigInt(dl + 1) } }]] as const) {
    await w.setNextTimestamp(dl + 1)
    try { await sim(w, id, extra); console.log(name, 'ok') } catch (e) { console.log(name, 'err', (e as Error).message.split('\n').slice(0, 2).join(' | ')) }
  }
  await w.setNextTimestamp(dl)
  await w.testClient.mine({ blocks: 1 })
  console.log('latest', await w.now())
  try { await sim(w, id, {}); console.log('latest=dl ok') } catch (e) { console.log('latest=dl err', (e as Error).message.split('\n').slice(0, 2).join(' | ')) }
})
