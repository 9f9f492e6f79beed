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

export type RentalAccess =
  | {
      kind: 'allowed'
      row: Awaited<ReturnType<typeof rentalById>>
      renter: Address
      provider: Address
      role: 'renter' | 'provider'
    }
  | { kind: 'not_found' }
  | { kind: 'forbidden' }

/**
 * Whether `address` may see rental `id`: as its renter or its provider. A rental not indexed yet
 * (seconds after the rent) is looked up on-chain, which then decides.
 */
export async function checkRentalAccess(
  ctx: ServerContext,
  address: Address,
  id: bigint,
): Promise<RentalAccess> {
  const row = await rentalById(ctx.store.db, id)
  let renter = row?.renter as Address | undefined
  let provider = row?.provider as Address | undefined
  if (!row) {
    const onchain = await ctx.chain
      .readContract({
        address: ctx.config.market,
        abi: WeftMarket.abi,
        functionName: 'getRental',
        args: [id],
      })
      .catch(() => undefined)
    renter = onchain?.renter
    provider = onchain?.provider
  }
  if (!renter || !provider) return { kind: 'not_found' }
  const role = isAddressEqual(address, renter)
    ? 'renter'
    : isAddressEqual(address, provider)
      ? 'provider'
      : undefined
  if (!role) return { kind: 'forbidden' }
  return { kind: 'allowed', row, renter, provider, role }
}

/**
 * The signed-in caller and the rental, when the caller is its renter or provider: 401 when not
 * signed in, 404 when no such rental exists (indexed or on-chain), 403 when it is someone else's.
 */
export async function accessRental(request: Request, ctx: ServerContext, id: bigint) {
  const session = await requireSession(request, ctx)
  const access = await checkRentalAccess(ctx, session.address, id)
  if (access.kind === 'not_found') throw new ApiError('not_found', 'No rental with this id.')
  if (access.kind === 'forbidden') throw new ApiError('forbidden', 'This rental belongs to another account.')
  const { row, renter, provider, role } = access
  return { session, row, renter, provider, role } as const
}
