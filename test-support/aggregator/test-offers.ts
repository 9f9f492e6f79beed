import { randomBytes } from 'node:crypto'
import {
  type Address,
  createPublicClient,
  custom,
  type Hex,
  type PrivateKeyAccount,
  type PublicClient,
} from 'viem'
import { foundry } from 'viem/chains'
import type { OfferChecks } from '@/lib/aggregator/validate-offers'
import { type OfferResources, offerResourcesTypedData } from '@/lib/chain/offer-resources'
import { type Offer, offerTypedData } from '@/lib/chain/offer-typed-data'
import { offerToJson, type SignedOfferJson } from '@/lib/protocol/signed-offer'

export const TEST_CHAIN_ID = 31337
export const TEST_MARKET: Address = '0x5FC8d32690cc91D4c39d9d3abcBD16989F875707'
export const TEST_TOKEN: Address = '0x5FbDB2315678afecb367f032d93F642f64180aa3'
export const USDC = 10n ** 6n

/** A fresh offer from `account` for 2.40 USD per GPU-hour of one H100, valid for an hour. */
export function makeOffer(
  account: PrivateKeyAccount,
  overrides: Partial<Offer> = {},
  nowMs = Date.now(),
): Offer {
  return {
    provider: account.address,
    offerId: `0x${randomBytes(32).toString('hex')}` as Hex,
    gpuModel: 'H100-SXM-80GB',
    gpuCount: 1,
    vramMiB: 81_920,
    token: TEST_TOKEN,
    pricePerHour: 2_400_000n,
    minDuration: 60,
    maxDuration: 86_400,
    expiresAt: BigInt(Math.floor(nowMs / 1000) + 3600),
    ...overrides,
  }
}

/**
 * What one H100 of an 8-GPU host sells besides the GPU: 16 cores, 128 GiB of memory, 500 GiB of
 * disk, every way in, in a sandbox.
 */
export const TEST_RESOURCES: OfferResources = {
  cpus: 16,
  memoryMiB: 128 * 1024,
  diskMiB: 500 * 1024,
  networkMbps: 10_000,
  access: ['ssh', 'terminal', 'ports', 'files'],
  isolation: 'sandbox',
}

type Domain = { chainId: number; market: Address }
const TEST_DOMAIN: Domain = { chainId: TEST_CHAIN_ID, market: TEST_MARKET }

/** The `OfferResources` signature of `signer` for the offer `offerId`, as an agent makes it. */
export function signResources(
  offerId: Hex,
  resources: OfferResources,
  signer: PrivateKeyAccount,
  domain: Domain = TEST_DOMAIN,
): Promise<Hex> {
  return signer.signTypedData(offerResourcesTypedData(domain.chainId, domain.market, offerId, resources))
}

/**
 * The offer and its resources signed by `signer` (default: its provider's key) for a chain and
 * market, as an agent serves it.
 */
export async function signOffer(
  offer: Offer,
  signer: PrivateKeyAccount,
  domain: Domain = TEST_DOMAIN,
  region = 'EU-Central',
  resources: OfferResources = TEST_RESOURCES,
): Promise<SignedOfferJson> {
  const signature = await signer.signTypedData(offerTypedData(domain.chainId, domain.market, offer))
  return {
    offer: offerToJson(offer),
    signature,
    resources,
    resourcesSignature: await signResources(offer.offerId, resources, signer, domain),
    region,
    gpuModelId: offer.gpuModel,
    gpuIndices: [0],
  }
}

/**
 * A chain where every provider is an EOA (no code), for tests that never need more of it; `down`
 * plays an RPC outage. Tests of ERC-1271 providers use a real anvil.
 */
export function eoaChain(options: { down?: boolean } = {}): PublicClient {
  return createPublicClient({
    chain: foundry,
    transport: custom(
      {
        async request({ method }: { method: string }) {
          if (options.down) throw new Error('RPC unreachable')
          if (method === 'eth_getCode') return '0x'
          if (method === 'eth_chainId') return `0x${TEST_CHAIN_ID.toString(16)}`
          throw new Error(`${method} is not served by the test chain`)
        },
      },
      { retryCount: 0 },
    ),
  })
}

/** What the aggregator checks one provider's offers against: the test chain, market and token, at `now`. */
export function testOfferChecks(provider: Address, now = new Date()): OfferChecks {
  return {
    chain: eoaChain(),
    chainId: TEST_CHAIN_ID,
    market: TEST_MARKET,
    token: TEST_TOKEN,
    tokenDecimals: 6,
    provider,
    now,
  }
}
