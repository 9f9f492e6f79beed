import type { Address, TypedDataDomain } from 'viem'

/**
 * The EIP-712 domain of everything a provider signs for the market at `verifyingContract`. Its own
 * module, free of the contract's ABI, so what only needs the domain does not carry the ABI along.
 */
export function offerDomain(chainId: number, verifyingContract: Address): TypedDataDomain {
  return { name: 'Weft', version: '1', chainId, verifyingContract }
}
