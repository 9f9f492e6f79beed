/** A rental id from a URL segment, as the API reads it: decimal or 0x-hex below 2^256; else null. */
export function parseRentalIdParam(text: string): bigint | null {
  if (!/^(0x[0-9a-fA-F]{1,64}|\d{1,78})$/.test(text)) return null
  const id = BigInt(text)
  return id < 2n ** 256n ? id : null
}

/** The id as the 32-byte hex the chain shows, shortened: "0xd25bf6…2d69ad". */
export function shortRentalId(id: bigint): string {
  const hex = id.toString(16).padStart(64, '0')
  return `0x${hex.slice(0, 6)}…${hex.slice(-6)}`
}
