import type { Address, Hex } from 'viem'
import { WeftMarket } from './generated'
import { offerDomain } from './offer-domain'

/** An offer exactly as `rent` takes it and as the provider signs it (EIP-712 `Offer`). */
export type Offer = {
  provider: Address
  offerId: Hex
  gpuModel: string
  gpuCount: number
  vramMiB: number
  token: Address
  pricePerHour: bigint
  minDuration: number
  maxDuration: number
  expiresAt: bigint
}

function offerComponents() {
  for (const item of WeftMarket.abi) {
    if (item.type === 'function' && item.name === 'rent') {
      const [offer] = item.inputs
      if (offer.type === 'tuple') return offer.components.map(({ name, type }) => ({ name, type }))
    }
  }
  throw new Error('WeftMarket ABI has no rent(Offer, ...) function')
}

/** EIP-712 types derived from the ABI, so signer and contract can never disagree on the field list. */
export const offerTypes = { Offer: offerComponents() } as const

/** The typed data a provider signs for `offer` on the market at `market` on chain `chainId`. */
export function offerTypedData(chainId: number, market: Address, offer: Offer) {
  return {
    domain: offerDomain(chainId, market),
    types: offerTypes,
    primaryType: 'Offer' as const,
    message: offer,
  }
}
