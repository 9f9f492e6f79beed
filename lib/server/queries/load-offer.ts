import 'server-only'
import { cache } from 'react'
import type { Address } from 'viem'
import { WeftMarket } from '@/lib/chain/generated'
import { toOfferView } from '@/lib/market/offer-list'
import type { OfferView } from '@/lib/market/offer-view'
import { offerProviderRecord, type ProviderRecord } from '@/lib/market/provider-list'
import { ServerConfigError } from '@/lib/server/server-config'
import { getServerContext } from '@/lib/server/server-context'
import { findOfferWithProvider } from './offer-with-provider'

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
    const found = await findOfferWithProvider(store.db, offerId, provider)
    const now = new Date()
    if (found.kind === 'missing') return found
    if (found.kind === 'ambiguous')
      return { kind: 'ambiguous', views: found.rows.map((r) => toOfferView(r, now)) }
    const read = (functionName: 'startWindow' | 'compensationSeconds') =>
      chain
        .readContract({ address: config.market, abi: WeftMarket.abi, functionName })
        .then(Number)
        // The chain being down must not take the offer page with it; the terms line is left out.
        .catch(() => null)
    const [startWindow, compensationSeconds] = await Promise.all([
      read('startWindow'),
      read('compensationSeconds'),
    ])
    const record = found.provider
    return {
      kind: 'found',
      view: toOfferView(found.row, now),
      provider: record ? { ...offerProviderRecord(record), offerCount: record.offerCount } : null,
      terms: { chainId: config.chainId, market: config.market, startWindow, compensationSeconds },
    }
  } catch (error) {
    console.error('offer page: could not read the offer', error)
    if (error instanceof ServerConfigError) return { kind: 'unavailable', reason: error.message }
    return { kind: 'unavailable', reason: 'the market database could not be read (see the server log)' }
  }
})
