import { z } from 'zod'
import { listedRentalSchema, rentalListSchema } from '@/lib/market/rental-view'

const units = z.string().regex(/^\d+$/).transform(BigInt)

/**
 * `GET /api/rentals` read for the provider console: the rentals this account served (renter ones
 * dropped), amounts as exact integers.
 */
export const servedRentalsSchema = rentalListSchema
  .extend({
    rentals: z.array(
      listedRentalSchema.extend({ pricePerHour: units, deposit: units, accrued: units, paid: units }),
    ),
  })
  .transform(({ rentals }) => rentals.filter((rental) => rental.role === 'provider'))

export type ServedRental = z.output<typeof servedRentalsSchema>[number]

/**
 * Whether the chain must be asked what this rental still owes the provider. Cancelled rentals never
 * accrue, and a stopped or ended rental whose Claimed events already add up to what it accrued is
 * settled for good; everything else (pending may have started since the index last looked) is read.
 */
export function needsChainRead(rental: ServedRental): boolean {
  if (rental.status === 'cancelled') return false
  if ((rental.status === 'stopped' || rental.status === 'ended') && rental.paid === rental.accrued)
    return false
  return true
}

/** What the chain's `accrued(id)` answered for one rental, or why it could not be read. */
export type ChainAccrual = { total: bigint; claimable: bigint } | { error: string } | undefined

export type EarningRow = {
  rental: ServedRental
  id: bigint
  /** Pay accrued so far, to the unit: from the chain, or from the index for settled rentals. */
  earned: bigint | undefined
  /** Accrued but not yet paid out; undefined while the chain has not answered. */
  claimable: bigint | undefined
  readError: string | undefined
}

export type Earnings = {
  rows: EarningRow[]
  totalEarned: bigint
  totalClaimable: bigint
  /** Rentals with something to claim, in list order: what one `claim(ids)` should name. */
  claimableIds: bigint[]
  /** False while some rental's chain read is missing or failed, so the totals may be short. */
  complete: boolean
}

/** Joins the index's rentals with the chain's accruals into per-rental and total earnings. */
export function summarizeEarnings(
  rentals: readonly ServedRental[],
  accrualOf: (id: string) => ChainAccrual,
): Earnings {
  let totalEarned = 0n
  let totalClaimable = 0n
  let complete = true
  const claimableIds: bigint[] = []
  const rows = rentals.map((rental): EarningRow => {
    const id = BigInt(rental.id)
    if (!needsChainRead(rental)) {
      const earned = rental.status === 'cancelled' ? 0n : rental.paid
      totalEarned += earned
      return { rental, id, earned, claimable: 0n, readError: undefined }
    }
    const accrual = accrualOf(rental.id)
    if (!accrual || 'error' in accrual) {
      complete = false
      return { rental, id, earned: undefined, claimable: undefined, readError: accrual?.error }
    }
    totalEarned += accrual.total
    totalClaimable += accrual.claimable
    if (accrual.claimable > 0n) claimableIds.push(id)
    return { rental, id, earned: accrual.total, claimable: accrual.claimable, readError: undefined }
  })
  return { rows, totalEarned, totalClaimable, claimableIds, complete }
}
