import { type Address, type Hex, parseSignature, type TypedDataDomain } from 'viem'

/** EIP-2612 `Permit` typed data: `owner` lets `spender` pull `value` until `deadline`. */
export function permitTypedData(
  domain: TypedDataDomain,
  message: { owner: Address; spender: Address; value: bigint; nonce: bigint; deadline: bigint },
) {
  return {
    domain,
    types: {
      Permit: [
        { name: 'owner', type: 'address' },
        { name: 'spender', type: 'address' },
        { name: 'value', type: 'uint256' },
        { name: 'nonce', type: 'uint256' },
        { name: 'deadline', type: 'uint256' },
      ],
    },
    primaryType: 'Permit' as const,
    message,
  }
}

/** Splits a 65-byte signature into the (v, r, s) that `permit` and `rentWithPermit` take. */
export function permitVrs(signature: Hex): { v: number; r: Hex; s: Hex } {
  const { r, s, yParity, v } = parseSignature(signature)
  return { v: v !== undefined ? Number(v) : 27 + (yParity ?? 0), r, s }
}
