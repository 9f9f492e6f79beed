import {
  type Address,
  encodeAbiParameters,
  erc20Abi,
  type Hex,
  keccak256,
  type PublicClient,
  parseAbiParameters,
  type TypedDataDomain,
} from 'viem'
import type { Offer } from '@/lib/chain/offer-typed-data'
import type { OfferView } from '@/lib/market/offer-view'

/** `rentalId(provider, offerId)` as the contract computes it, so the id is known before sending. */
export function rentalIdOf(provider: Address, offerId: Hex): bigint {
  return BigInt(keccak256(encodeAbiParameters(parseAbiParameters('address, bytes32'), [provider, offerId])))
}

/** The offer tuple `rentWithPermit` takes, from the market's JSON (numbers as strings). */
export function offerTuple(offer: OfferView['offer']): Offer {
  return {
    provider: offer.provider as Address,
    offerId: offer.offerId as Hex,
    gpuModel: offer.gpuModel,
    gpuCount: offer.gpuCount,
    vramMiB: offer.vramMiB,
    token: offer.token as Address,
    pricePerHour: BigInt(offer.pricePerHour),
    minDuration: offer.minDuration,
    maxDuration: offer.maxDuration,
    expiresAt: BigInt(offer.expiresAt),
  }
}

const versionAbi = [
  { type: 'function', name: 'version', stateMutability: 'view', inputs: [], outputs: [{ type: 'string' }] },
] as const
const noncesAbi = [
  {
    type: 'function',
    name: 'nonces',
    stateMutability: 'view',
    inputs: [{ name: 'owner', type: 'address' }],
    outputs: [{ type: 'uint256' }],
  },
] as const

/**
 * The token's EIP-712 domain for permits: from ERC-5267 `eip712Domain()` where the token has it
 * (OpenZeppelin, the test token), else its name and `version()` (Circle's USDC), else version "1".
 */
export async function permitDomain(client: PublicClient, token: Address): Promise<TypedDataDomain> {
  try {
    const { domain } = await client.getEip712Domain({ address: token })
    return {
      name: domain.name,
      version: domain.version,
      chainId: domain.chainId,
      verifyingContract: domain.verifyingContract,
    }
  } catch {
    const [name, version] = await Promise.all([
      client.readContract({ address: token, abi: erc20Abi, functionName: 'name' }),
      client.readContract({ address: token, abi: versionAbi, functionName: 'version' }).catch(() => '1'),
    ])
    return { name, version, chainId: await client.getChainId(), verifyingContract: token }
  }
}

export function permitNonce(client: PublicClient, token: Address, owner: Address): Promise<bigint> {
  return client.readContract({ address: token, abi: noncesAbi, functionName: 'nonces', args: [owner] })
}

export function tokenBalance(client: PublicClient, token: Address, owner: Address): Promise<bigint> {
  return client.readContract({ address: token, abi: erc20Abi, functionName: 'balanceOf', args: [owner] })
}

/** A signed permit kept for a retry: the same owner, amount and nonce need no second signature. */
export type SignedPermit = {
  owner: Address
  value: bigint
  nonce: bigint
  deadline: bigint
  v: number
  r: Hex
  s: Hex
}
