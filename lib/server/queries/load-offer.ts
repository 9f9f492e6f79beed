import 'server-only'
import { eq } from 'drizzle-orm'
import { cache } from 'react'
import type { Address } from 'viem'
import { WeftMarket } from '@/lib/chain/generated'
import { providers } from '@/lib/db/schema'
import { getOffer, type OfferView, toOfferView } from '@/lib/market/offer-list'
import { offerProviderRecord } from '@/lib/market/provider-list'
import { ServerConfigError } from '@/lib/server/server-config'
import { getServerContext } from '@/lib/server/server-context'

/** What the market knows of an offer's provider: its stake, reliability and how recently it answered. */
export type ProviderRecord = {
  address: string
  endpoint: string
  stake: string
  registeredAt: string
  reliability7d: number | null
  reliability1h: number | null
  lastOkAt: string | null
  offerCount: number
}

/** The market's contract and its terms for a rental that the provider never starts. */
export type MarketTerms = {
  chainId: number
  market: Address
  /** Seconds the provider has to start; past it the renter may cancel with compensation. */
  startWindow: number | null
  compensationSeconds: number | null
}

export type OfferLoad =
  | { kind: 'found'; view: OfferView; provider: ProviderRecord | null; terms: MarketTerms }
  | { kind: 'missing' }
  /** Several providers use this offer id: the page lists them to choose from. */
  | { kind: 'ambiguous'; views: OfferView[] }
  | { kind: 'unavailable'; reason: string }

const OFFER_ID = /^0x[0-9a-fA-F]{64}$/
const ADDRESS = /^0x[0-9a-fA-F]{40}$/

/**
 * One live offer, its provider's record and the market's terms, read straight from the database
 * and the chain for the server-rendered offer page. Cached per request (page and metadata share it).
 */
export const loadOffer = cache(async (offerId: string, provider: string | undefined): Promise<OfferLoad> => {
  if (!OFFER_ID.test(offerId) || (provider !== undefined && !ADDRESS.test(provider)))
    return { kind: 'missing' }
  try {
    const { store, config, chain } = await getServerContext()
    const rows = await getOffer(store.db, offerId, provider)
    const now = new Date()
    const [row] = rows
    if (!row) return { kind: 'missing' }
    if (rows.length > 1) return { kind: 'ambiguous', views: rows.map((r) => toOfferView(r, now)) }
    const read = (functionName: 'startWindow' | 'compensationSeconds') =>
      chain
        .readContract({ address: config.market, abi: WeftMarket.abi, functionName })
        .then(Number)
        // The chain being down must not take the offer page with it; the terms line is left out.
        .catch(() => null)
    const [[record], startWindow, compensationSeconds] = await Promise.all([
      store.db.select().from(providers).where(eq(providers.address, row.provider)),
      read('startWindow'),
      read('compensationSeconds'),
    ])
    return {
      kind: 'found',
      view: toOfferView(row, now),
      provider: record ? { ...offerProviderRecord(record), offerCount: record.offerCount } : null,
      terms: { chainId: config.chainId, market: config.market, startWindow, compensationSeconds },
    }
  } catch (error) {
    console.error('offer page: could not read the offer', error)
    if (error instanceof ServerConfigError) return { kind: 'unavailable', reason: error.message }
    return { kind: 'unavailable', reason: 'the market database could not be read (see the server log)' }
  }
})
