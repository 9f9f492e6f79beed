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
import type { SignedOfferJson } from '@/agent/core/agent-api'
import { type Offer, offerTypedData } from '@/lib/chain/offer-typed-data'

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

/** The offer signed by `signer` (default: its provider's key) for a chain and market, as an agent serves it. */
export async function signOffer(
  offer: Offer,
  signer: PrivateKeyAccount,
  domain: { chainId: number; market: Address } = { chainId: TEST_CHAIN_ID, market: TEST_MARKET },
  region = 'EU-Central',
): Promise<SignedOfferJson> {
  const signature = await signer.signTypedData(offerTypedData(domain.chainId, domain.market, offer))
  return {
    offer: { ...offer, pricePerHour: offer.pricePerHour.toString(), expiresAt: offer.expiresAt.toString() },
    signature,
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
