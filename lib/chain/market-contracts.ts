import { type Address, getAddress } from 'viem'
import { z } from 'zod'

/** The chain the market server runs on and its contracts: what the browser needs to read and write. */
export type MarketContracts = { chainId: number; market: Address; token: Address }

const address = z.string().transform((value, ctx) => {
  try {
    return getAddress(value)
  } catch {
    ctx.addIssue({ code: 'custom', message: `not an address: ${value}` })
    return z.NEVER
  }
})

/** GET /api/market/contracts: addresses are read checksummed, whatever case the server wrote them in. */
export const marketContractsSchema = z.object({
  chainId: z.number().int().positive(),
  market: address,
  token: address,
})
