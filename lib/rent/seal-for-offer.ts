import type { Address, Hex } from 'viem'
import type { JobSpec } from '@/lib/jobs/job-spec'
import {
  ProviderKeyUnavailable,
  providerSealingKey,
  SealedSpecTooLarge,
  sealJobSpec,
} from '@/lib/jobs/sealed-spec'
import type { OfferView } from '@/lib/market/offer-view'
import { offerTuple } from './rent-chain'

export type SealResult =
  | { ok: true; sealed: Hex }
  /** `too-large`: the renter can shorten the spec; `no-key`: this offer cannot carry a sealed spec. */
  | { ok: false; problem: 'too-large' | 'no-key'; message: string }

/**
 * Seals the job spec to the provider of `offer`, whose public key comes from its signature of the
 * offer: the bytes `rentWithPermit` carries to the provider's agent, readable by nobody else. A
 * spec too large for the market, or an offer whose signature names no key, comes back as the
 * sentence to show; nothing has been signed or sent by then.
 */
export async function sealForOffer(args: {
  chainId: number
  market: Address
  offer: OfferView['offer']
  signature: Hex
  spec: JobSpec
}): Promise<SealResult> {
  try {
    const key = await providerSealingKey(args.chainId, args.market, offerTuple(args.offer), args.signature)
    return { ok: true, sealed: sealJobSpec(args.spec, key) }
  } catch (error) {
    if (error instanceof SealedSpecTooLarge)
      return { ok: false, problem: 'too-large', message: error.message }
    if (error instanceof ProviderKeyUnavailable)
      return { ok: false, problem: 'no-key', message: error.message }
    throw error
  }
}
