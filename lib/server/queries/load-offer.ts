import 'server-only'
import { cache } from 'react'
import type { Address } from 'viem'
import { WeftMarket } from '@/lib/chain/generated'
import { toOfferView } from '@/lib/market/offer-list'
import type { OfferView } from '@/lib/market/offer-view'
import { offerProviderRecord, type ProviderRecord } from '@/lib/market/provider-list'
import { marketReads, readThrough } from '@/lib/server/market-reads'
import { ServerConfigError } from '@/lib/server/server-config'
import { getServerContext, type ServerContext } from '@/lib/server/server-context'
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

type Terms = Pick<MarketTerms, 'startWindow' | 'compensationSeconds'>
type TermsHolder = { weftMarketTerms?: Map<string, Promise<Terms>> }

/**
 * The contract's start window and compensation: immutable, so read from the chain once per process
 * and contract. A failed read gives null (the chain being down must not take the offer page with
 * it; the terms line is left out) and is tried again on the next page view.
 */
function marketTerms({ chain, config }: ServerContext): Promise<Terms> {
  const holder = globalThis as TermsHolder
  holder.weftMarketTerms ??= new Map()
  const known = holder.weftMarketTerms
  const key = `${config.chainId}:${config.market}`
  const cached = known.get(key)
  if (cached) return cached
  const read = (functionName: 'startWindow' | 'compensationSeconds') =>
    chain.readContract({ address: config.market, abi: WeftMarket.abi, functionName }).then(Number)
  const terms = Promise.all([read('startWindow'), read('compensationSeconds')]).then(
    ([startWindow, compensationSeconds]) => ({ startWindow, compensationSeconds }),
  )
  known.set(key, terms)
  return terms.catch(() => {
    if (known.get(key) === terms) known.delete(key)
    return { startWindow: null, compensationSeconds: null }
  })
}

/**
 * One live offer, its provider's record and the market's terms for the server-rendered offer page.
 * The offer is read through the market's shared cache, with the freshness of /api/offers (so the
 * page is never older than the listing that links to it); per request, page and metadata share it.
 */
export const loadOffer = cache(async (offerId: string, provider: string | undefined): Promise<OfferLoad> => {
  if (!OFFER_ID.test(offerId) || (provider !== undefined && !ADDRESS.test(provider)))
    return { kind: 'missing' }
  try {
    const ctx = await getServerContext()
    const { config } = ctx
    const read = await readThrough(marketReads().offers, JSON.stringify([offerId, provider ?? null]), () =>
      findOfferWithProvider(ctx.store.db, offerId, provider),
    )
    const found = read.value
    const now = new Date(read.readAt)
    if (found.kind === 'missing') return found
    if (found.kind === 'ambiguous')
      return { kind: 'ambiguous', views: found.rows.map((r) => toOfferView(r, now)) }
    const { startWindow, compensationSeconds } = await marketTerms(ctx)
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
