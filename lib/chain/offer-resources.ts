import type { Address, Hex } from 'viem'
import { z } from 'zod'
import { offerDomain } from './offer-domain'

/**
 * The share of the machine an offer sells besides its GPUs. The provider signs it as EIP-712
 * `OfferResources` in the same domain as the offer, naming the offer by its id: an offer id fills
 * once and names one provider, so the pair (offer signature, resources signature by the same
 * provider) binds these figures to exactly one rental. The contract never reads them: they are
 * what the agent promises and its runner enforces (CPU, memory, workspace disk), and what the
 * marketplace shows and filters on.
 */
export type OfferResources = {
  /** Whole CPU cores (logical CPUs) reserved for the rental. */
  cpus: number
  /** Memory, MiB. */
  memoryMiB: number
  /** Writable workspace disk, MiB. */
  diskMiB: number
  /** The host's network bandwidth (measured or configured), Mbit/s; 0 when unknown. */
  networkMbps: number
}

export const offerResourcesTypes = {
  OfferResources: [
    { name: 'offerId', type: 'bytes32' },
    { name: 'cpus', type: 'uint32' },
    { name: 'memoryMiB', type: 'uint32' },
    { name: 'diskMiB', type: 'uint32' },
    { name: 'networkMbps', type: 'uint32' },
  ],
} as const

const uint32 = z.number().int().min(0).max(4_294_967_295)

/** The resources as they travel in JSON beside a signed offer. */
export const offerResourcesSchema = z.strictObject({
  cpus: uint32.min(1, 'an offer sells at least one CPU core'),
  memoryMiB: uint32.min(256, 'an offer sells at least 256 MiB of memory'),
  diskMiB: uint32.min(1024, 'an offer sells at least 1 GiB of disk'),
  networkMbps: uint32,
})

/** The typed data a provider signs for the resources of the offer `offerId`. */
export function offerResourcesTypedData(
  chainId: number,
  market: Address,
  offerId: Hex,
  resources: OfferResources,
) {
  return {
    domain: offerDomain(chainId, market),
    types: offerResourcesTypes,
    primaryType: 'OfferResources' as const,
    message: { offerId, ...resources },
  }
}
