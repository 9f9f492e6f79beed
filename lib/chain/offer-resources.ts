import type { Address, Hex } from 'viem'
import { z } from 'zod'
import { ACCESS_KINDS, type AccessKind, accessBits, ISOLATIONS, type Isolation } from './offer-access'
import { offerDomain } from './offer-domain'

/** The share of the machine an offer sells besides its GPUs: what the agent's runner enforces. */
export type MachineShare = {
  /** Whole CPU cores (logical CPUs) reserved for the rental. */
  cpus: number
  /** Memory, MiB. */
  memoryMiB: number
  /** Writable workspace disk, MiB. */
  diskMiB: number
  /** The host's network bandwidth (measured or configured), Mbit/s; 0 when unknown. */
  networkMbps: number
}

/**
 * What an offer sells besides its GPUs: the share of the machine, the ways into the running job
 * the agent serves, and the runner that isolates it. The provider signs it as EIP-712
 * `OfferResources` in the same domain as the offer, naming the offer by its id: an offer id fills
 * once and names one provider, so the pair (offer signature, resources signature by the same
 * provider) binds these terms to exactly one rental. The contract never reads them: they are what
 * the agent promises and serves, and what the marketplace shows and filters on.
 */
export type OfferResources = MachineShare & OfferAccess

/** How the renter reaches the running job, and what isolates it from the host. */
export type OfferAccess = {
  /** The ways in, in canonical order (ACCESS_KINDS); signed as a uint8 bit set. */
  access: AccessKind[]
  /** The runner jobs run under; signed by name. */
  isolation: Isolation
}

export const offerResourcesTypes = {
  OfferResources: [
    { name: 'offerId', type: 'bytes32' },
    { name: 'cpus', type: 'uint32' },
    { name: 'memoryMiB', type: 'uint32' },
    { name: 'diskMiB', type: 'uint32' },
    { name: 'networkMbps', type: 'uint32' },
    { name: 'access', type: 'uint8' },
    { name: 'isolation', type: 'string' },
  ],
} as const

const uint32 = z.number().int().min(0).max(4_294_967_295)

const accessKind = z.string().refine((v) => (ACCESS_KINDS as readonly string[]).includes(v), {
  error: (issue) => `access ${JSON.stringify(issue.input)} is not one of ${ACCESS_KINDS.join(', ')}`,
})

/** The resources as they travel in JSON beside a signed offer; `access` comes out in canonical order. */
export const offerResourcesSchema = z.strictObject({
  cpus: uint32.min(1, 'an offer sells at least one CPU core'),
  memoryMiB: uint32.min(256, 'an offer sells at least 256 MiB of memory'),
  diskMiB: uint32.min(1024, 'an offer sells at least 1 GiB of disk'),
  networkMbps: uint32,
  access: z
    .array(accessKind, {
      error: () => `access must be a list of the ways in the offer gives: some of ${ACCESS_KINDS.join(', ')}`,
    })
    .max(ACCESS_KINDS.length)
    .refine((kinds) => new Set(kinds).size === kinds.length, 'access names each way in at most once')
    .transform((kinds) => ACCESS_KINDS.filter((k) => kinds.includes(k))),
  isolation: z.enum(ISOLATIONS, {
    error: (issue) =>
      issue.input === undefined
        ? `isolation is required: one of ${ISOLATIONS.join(', ')}`
        : `isolation ${JSON.stringify(issue.input)} is not one of ${ISOLATIONS.join(', ')}`,
  }),
})

/** The signed message of the resources of the offer `offerId`: `access` as its bit set. */
export function offerResourcesMessage(offerId: Hex, resources: OfferResources) {
  const { cpus, memoryMiB, diskMiB, networkMbps, isolation } = resources
  return { offerId, cpus, memoryMiB, diskMiB, networkMbps, access: accessBits(resources.access), isolation }
}

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
    message: offerResourcesMessage(offerId, resources),
  }
}
