import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { verifyTypedData } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, it } from 'vitest'
import { anvilKeys } from '@/lib/chain/anvil-accounts'
import { offerResourcesTypedData } from '@/lib/chain/offer-resources'
import { type Offer, offerTypedData } from '@/lib/chain/offer-typed-data'
import type { SignedOfferJson } from '@/lib/protocol/signed-offer'
import { parseSimulatedInventory } from '../inventory/simulated'
import { type AgentConfig, agentConfigSchema } from './config'
import { OfferBook, resourceShare, splitSizes } from './offer-book'
import { offeredAccess } from './offered-access'
import { StateStore } from './state-store'

const key = anvilKeys[1] ?? '0x'
const market = '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512'
const gpus = parseSimulatedInventory({
  host: 'test-host',
  gpus: [
    { model: 'H100-SXM-80GB', count: 8 },
    { model: 'RTX 4090', count: 1 },
    { model: 'L4', count: 2 },
  ],
})

/** What the test host sells besides its 11 GPUs. */
const SELLABLE = { cpus: 44, memoryMiB: 440 * 1024, diskMiB: 11 * 1024 * 1024, networkMbps: 10_000 }

function setup(prices: Record<string, string> = { 'H100-SXM-80GB': '2.5', 'RTX-4090-PCIE-24GB': '0.4' }) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'weft-offers-'))
  const config = {
    ...agentConfigSchema.parse({
      rpcUrl: 'http://127.0.0.1:8545',
      chainId: 31337,
      market,
      token: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
      providerKey: key,
      endpoint: 'http://127.0.0.1:8701',
      region: 'EU-West',
      prices,
      operator: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
      dataDir,
    }),
    providerKey: key,
    configDir: dataDir,
  } as AgentConfig
  const store = new StateStore(dataDir, 1n)
  const book = new OfferBook(
    config,
    privateKeyToAccount(key),
    market,
    store,
    () => gpus,
    () => SELLABLE,
    offeredAccess({ sshPort: undefined }, 'sandbox'),
  )
  return { book, store }
}

const toOffer = (o: SignedOfferJson): Offer => ({
  ...o.offer,
  pricePerHour: BigInt(o.offer.pricePerHour),
  expiresAt: BigInt(o.offer.expiresAt),
})

describe('offer book', () => {
  it('splits free GPUs into powers of two and the whole group', () => {
    expect(splitSizes(8)).toEqual([1, 2, 4, 8])
    expect(splitSizes(6)).toEqual([1, 2, 4, 6])
    expect(splitSizes(1)).toEqual([1])
    expect(splitSizes(0)).toEqual([])
  })

  it('signs an offer per split at the configured price, skipping models without a price', async () => {
    const { book, store } = setup()
    await book.refresh(new Set(), 1_000_000)
    const offers = book.list(new Set(), 1_000_000)
    expect(offers.map((o) => `${o.offer.gpuModel}x${o.offer.gpuCount}`)).toEqual([
      'H100-SXM-80GBx1',
      'H100-SXM-80GBx2',
      'H100-SXM-80GBx4',
      'H100-SXM-80GBx8',
      'RTX-4090-PCIE-24GBx1',
    ])
    const eight = offers[3]
    expect(eight?.offer.pricePerHour).toBe('20000000') // 8 × 2.5 USDC, 6 decimals
    expect(eight?.gpuIndices).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
    expect(eight?.region).toBe('EU-West')
    for (const o of offers) {
      const valid = await verifyTypedData({
        address: privateKeyToAccount(key).address,
        ...offerTypedData(31337, market, toOffer(o)),
        signature: o.signature,
      })
      expect(valid).toBe(true)
      expect(store.state.offers[o.offer.offerId]?.gpuIndices).toEqual(o.gpuIndices)
    }
  })

  it('sells a GPU-proportional share of CPU, memory and disk with each offer, signed for that offer', async () => {
    const { book, store } = setup()
    await book.refresh(new Set(), 1_000_000)
    const offers = book.list(new Set(), 1_000_000)
    // 11 GPUs on a host selling 44 cores, 440 GiB and 11 TiB: 4 cores, 40 GiB and 1 TiB a GPU.
    const four = offers.find((o) => o.offer.gpuCount === 4)
    expect(four?.resources).toEqual({
      cpus: 16,
      memoryMiB: 160 * 1024,
      diskMiB: 4 * 1024 * 1024,
      networkMbps: 10_000,
      access: ['terminal', 'ports', 'files'],
      isolation: 'sandbox',
    })
    for (const o of offers) {
      expect(o.resources.cpus).toBe(4 * o.offer.gpuCount)
      const message = { offerId: o.offer.offerId, ...o.resources }
      const signed = { address: privateKeyToAccount(key).address, signature: o.resourcesSignature }
      const typed = offerResourcesTypedData(31337, market, o.offer.offerId, o.resources)
      expect(await verifyTypedData({ ...signed, ...typed })).toBe(true)
      // Bound to its offer: the same figures for another offer id, or other figures, do not verify.
      const otherOffer = offerResourcesTypedData(31337, market, `0x${'ab'.repeat(32)}`, o.resources)
      expect(await verifyTypedData({ ...signed, ...otherOffer })).toBe(false)
      const more = offerResourcesTypedData(31337, market, message.offerId, {
        ...o.resources,
        cpus: o.resources.cpus + 1,
      })
      expect(await verifyTypedData({ ...signed, ...more })).toBe(false)
      // Nor do other ways in or another runner than the agent signed.
      for (const other of [
        { ...o.resources, access: [...o.resources.access, 'ssh' as const] },
        { ...o.resources, isolation: 'container' as const },
      ]) {
        const claimed = offerResourcesTypedData(31337, market, message.offerId, other)
        expect(await verifyTypedData({ ...signed, ...claimed })).toBe(false)
      }
      // What the runner will enforce is kept with the issued offer.
      const { cpus, memoryMiB, diskMiB, networkMbps } = o.resources
      expect(store.state.offers[o.offer.offerId]?.resources).toEqual({
        cpus,
        memoryMiB,
        diskMiB,
        networkMbps,
      })
    }
  })

  it('signs the ways in the agent serves: the browser always, SSH where a gateway port is set', () => {
    expect(offeredAccess({ sshPort: undefined }, 'container')).toEqual({
      access: ['terminal', 'ports', 'files'],
      isolation: 'container',
    })
    expect(offeredAccess({ sshPort: 2222 }, 'process')).toEqual({
      access: ['ssh', 'terminal', 'ports', 'files'],
      isolation: 'process',
    })
  })

  it('never sells less than a core, 256 MiB and 1 GiB, even where GPUs outnumber cores', () => {
    const small = { cpus: 2, memoryMiB: 1024, diskMiB: 4096, networkMbps: 0 }
    expect(resourceShare(small, 1, 8)).toEqual({ cpus: 1, memoryMiB: 256, diskMiB: 1024, networkMbps: 0 })
    expect(resourceShare(small, 8, 8)).toEqual(small)
  })

  it('drops offers that promise a rented GPU at once, and re-signs the rest', async () => {
    const { book } = setup()
    await book.refresh(new Set(), 1_000_000)
    const busy = new Set([0])
    expect(book.list(busy, 1_000_000).some((o) => o.gpuIndices.includes(0))).toBe(false)
    await book.refresh(busy, 1_000_001)
    const h100 = book.list(busy, 1_000_001).filter((o) => o.offer.gpuModel === 'H100-SXM-80GB')
    expect(h100.map((o) => o.offer.gpuCount)).toEqual([1, 2, 4, 7])
  })

  it('re-signs before expiry, with new offer ids', async () => {
    const { book } = setup()
    await book.refresh(new Set(), 1_000_000)
    const first = book.list(new Set(), 1_000_000).map((o) => o.offer.offerId)
    await book.refresh(new Set(), 1_000_050)
    expect(book.list(new Set(), 1_000_050).map((o) => o.offer.offerId)).toEqual(first)
    await book.refresh(new Set(), 1_000_200)
    const second = book.list(new Set(), 1_000_200)
    expect(second.map((o) => o.offer.offerId).some((id) => first.includes(id))).toBe(false)
    expect(Number(second[0]?.offer.expiresAt)).toBe(1_000_500)
    expect(book.list(new Set(), 1_000_600)).toEqual([])
  })

  it('stops listing an offer once rented, and re-signs its GPUs when they are free again (a declined rental)', async () => {
    const { book, store } = setup()
    await book.refresh(new Set(), 1_000_000)
    const rented = book.list(new Set(), 1_000_000).find((o) => o.offer.gpuCount === 1)
    if (!rented) throw new Error('no single-GPU offer')
    // What the chain follower does with a Rented event for it.
    delete store.state.offers[rented.offer.offerId]
    const listed = book.list(new Set(), 1_000_001)
    expect(listed.map((o) => o.offer.offerId)).not.toContain(rented.offer.offerId)
    // Same busy set (the rental was declined at once), long before the periodic re-sign: re-signed anyway.
    await book.refresh(new Set(), 1_000_002)
    const again = book.list(new Set(), 1_000_002)
    expect(
      again.some((o) => o.gpuIndices.includes(rented.gpuIndices[0] ?? -1) && o.offer.gpuCount === 1),
    ).toBe(true)
    expect(again.map((o) => o.offer.offerId)).not.toContain(rented.offer.offerId)
  })
})
