import 'server-only'
import { type Address, isAddressEqual } from 'viem'
import { requireSession } from '@/lib/auth/sessions'
import { WeftMarket } from '@/lib/chain/generated'
import { rentalById } from '@/lib/market/rental-views'
import { ApiError } from './api-error'
import type { ServerContext } from './server-context'

/** Reads a rental id from a route segment: decimal or 0x-hex, at most 2^256 − 1. */
export function parseRentalId(text: string): bigint {
  let id: bigint
  try {
    if (!/^(0x[0-9a-fA-F]{1,64}|\d{1,78})$/.test(text)) throw new Error('format')
    id = BigInt(text)
  } catch {
    throw new ApiError('invalid', 'The rental id must be a number (decimal or 0x-hex).')
  }
  if (id >= 2n ** 256n) throw new ApiError('invalid', 'The rental id is larger than 2^256 − 1.')
  return id
}

/**
 * The signed-in caller and the rental, when the caller is its renter or provider: 401 when not
 * signed in, 404 when no such rental exists (indexed or on-chain), 403 when it is someone else's.
 */
export async function accessRental(request: Request, ctx: ServerContext, id: bigint) {
  const session = await requireSession(request, ctx)
  const row = await rentalById(ctx.store.db, id)
  let renter: Address | undefined = row?.renter as Address | undefined
  let provider: Address | undefined = row?.provider as Address | undefined
  if (!row) {
    // Not indexed yet (seconds after the rent): the chain decides who may see it.
    const onchain = await ctx.chain
      .readContract({
        address: ctx.config.market,
        abi: WeftMarket.abi,
        functionName: 'getRental',
        args: [id],
      })
      .catch(() => undefined)
    if (!onchain) throw new ApiError('not_found', 'No rental with this id.')
    renter = onchain.renter
    provider = onchain.provider
  }
  if (!renter || !provider) throw new ApiError('not_found', 'No rental with this id.')
  const role = isAddressEqual(session.address, renter)
    ? 'renter'
    : isAddressEqual(session.address, provider)
      ? 'provider'
      : undefined
  if (!role) throw new ApiError('forbidden', 'This rental belongs to another account.')
  return { session, row, renter, provider, role } as const
}
