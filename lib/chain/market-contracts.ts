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

const marketContractsSchema = z.object({
  chainId: z.number().int().positive(),
  market: address,
  token: address,
})

/** Parses `GET /api/market/contracts`; throws a sentence when the server answered something else. */
export function parseMarketContracts(body: unknown): MarketContracts {
  const parsed = marketContractsSchema.safeParse(body)
  if (!parsed.success)
    throw new Error(`The market’s contract addresses are malformed: ${parsed.error.message}`)
  return parsed.data
}
