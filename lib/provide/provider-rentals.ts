import type { Hex } from 'viem'
import { z } from 'zod'
import { listedRentalSchema, rentalListSchema } from '@/lib/market/rental-view'

const units = z.string().regex(/^\d+$/).transform(BigInt)
const offerId = z.custom<Hex>((value) => typeof value === 'string' && /^0x[0-9a-fA-F]{64}$/.test(value))

/**
 * `GET /api/rentals` read for the provider console: the rentals this account served (renter ones
 * dropped), amounts as exact integers, and the offer id each was rented by (what the provider's
 * calls name it by).
 */
export const servedRentalsSchema = rentalListSchema
  .extend({
    rentals: z.array(
      listedRentalSchema.extend({
        offerId,
        pricePerHour: units,
        deposit: units,
        accrued: units,
        paid: units,
        refunded: units,
        compensation: units,
      }),
    ),
  })
  .transform(({ rentals }) => rentals.filter((rental) => rental.role === 'provider'))

export type ServedRental = z.output<typeof servedRentalsSchema>[number]

/** Closed before they started without touching the stake: they hold it until a `claimEarned` names them. */
const RELEASED_BY_CLAIM = new Set(['declined', 'cancelled'])

/**
 * What the chain must be asked about this rental: `accrued(id)` for what it still owes the provider,
 * `getRental(id)` for whether a declined or cancelled rental still holds the stake, or nothing. A
 * no-show and a late cancel settled at once; a stopped, finished or ended rental whose Claimed
 * events already add up to what it accrued is settled for good; everything else (a pending rental
 * may have started since the index last looked) is read.
 */
export function chainReadFor(rental: ServedRental): 'accrued' | 'settled' | null {
  if (rental.status === 'no-show') return null
  if (RELEASED_BY_CLAIM.has(rental.status)) return rental.compensation > 0n ? null : 'settled'
  if (['stopped', 'ended', 'finished'].includes(rental.status) && rental.paid === rental.accrued) return null
  return 'accrued'
}

/** What the chain answered for one rental (accrual, or settlement of a closed one), or why it could not. */
export type ChainAccrual =
  | { total: bigint; claimable: bigint }
  | { settled: boolean }
  | { error: string }
  | undefined

export type EarningRow = {
  rental: ServedRental
  id: bigint
  /** Pay accrued so far, to the unit: from the chain, or from the index for settled rentals. */
  earned: bigint | undefined
  /** Accrued but not yet paid out; undefined while the chain has not answered. */
  claimable: bigint | undefined
  /** A declined or cancelled rental still counted among the active ones until a claim names it. */
  holdsStake: boolean
  readError: string | undefined
}

export type Earnings = {
  rows: EarningRow[]
  totalEarned: bigint
  totalClaimable: bigint
  /** What one `claimEarned(offerIds)` should name, in list order: rentals with pay, and those holding the stake. */
  claimOfferIds: Hex[]
  /** How many of those only release the stake (nothing to pay). */
  releasable: number
  /** False while some rental's chain read is missing or failed, so the totals may be short. */
  complete: boolean
}

/** Joins the index's rentals with the chain's answers into per-rental and total earnings. */
export function summarizeEarnings(
  rentals: readonly ServedRental[],
  accrualOf: (id: string) => ChainAccrual,
): Earnings {
  let totalEarned = 0n
  let totalClaimable = 0n
  let complete = true
  let releasable = 0
  const claimOfferIds: Hex[] = []
  const rows = rentals.map((rental): EarningRow => {
    const id = BigInt(rental.id)
    const row = { rental, id, holdsStake: false, readError: undefined }
    const read = chainReadFor(rental)
    const neverRan = ['declined', 'cancelled', 'no-show'].includes(rental.status)
    if (read === null) {
      const earned = neverRan ? 0n : rental.paid
      totalEarned += earned
      return { ...row, earned, claimable: 0n }
    }
    const answer = accrualOf(rental.id)
    if (!answer || 'error' in answer) {
      complete = false
      return { ...row, earned: undefined, claimable: undefined, readError: answer?.error }
    }
    if ('settled' in answer) {
      if (!answer.settled) {
        releasable += 1
        claimOfferIds.push(rental.offerId)
      }
      return { ...row, earned: 0n, claimable: 0n, holdsStake: !answer.settled }
    }
    totalEarned += answer.total
    totalClaimable += answer.claimable
    if (answer.claimable > 0n) claimOfferIds.push(rental.offerId)
    return { ...row, earned: answer.total, claimable: answer.claimable }
  })
  return { rows, totalEarned, totalClaimable, claimOfferIds, releasable, complete }
}

/**
 * Pending rentals whose start window has closed without a start or a decline: the provider can
 * settle them with `settleNoShow(id)`, which refunds the renter (with compensation from the stake)
 * and releases the stake. Null `startWindow`: not known yet, so none.
 */
export function staleNoShows(
  rentals: readonly ServedRental[],
  startWindow: number | null,
  nowMs: number,
): Set<string> {
  if (startWindow === null) return new Set()
  return new Set(
    rentals
      .filter((r) => r.status === 'pending' && Date.parse(r.createdAt) + startWindow * 1000 < nowMs)
      .map((r) => r.id),
  )
}
