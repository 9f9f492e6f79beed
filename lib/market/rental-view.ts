import { z } from 'zod'
import { addressHex } from '@/lib/protocol/wire-fields'

/*
 * The rentals as the market API answers them (GET /api/rentals, /api/rentals/:id and the `rental`
 * event of its stream), defined once: the server builds its answers as these types and the
 * browser reads them with these schemas.
 */

const decimal = z.string().regex(/^\d+$/)
const isoTime = z.string().min(1)

/** The states a rental's `status` names (RentalStatus on chain, in words). */
export const RENTAL_VIEW_STATUSES = [
  'pending',
  'running',
  'stopped',
  'ended',
  'cancelled',
  'declined',
  'finished',
  'no-show',
] as const
export type RentalViewStatus = (typeof RENTAL_VIEW_STATUSES)[number]

/** A rental as the API returns it: amounts as exact decimal strings, times as ISO strings. */
export const rentalViewSchema = z.object({
  id: decimal,
  renter: z.string(),
  provider: z.string(),
  offerId: z.string(),
  token: z.string(),
  gpuModel: z.string(),
  gpuCount: z.number().int(),
  vramMiB: z.number().int(),
  /** One of RENTAL_VIEW_STATUSES; kept open so a newer server's state reads as unknown, not as an error. */
  status: z.string(),
  pricePerHour: decimal,
  /** Seconds paid for; after a stop or a finish, the seconds it ran. */
  duration: z.number().int(),
  /** The price of `duration`: what the escrow took (after a stop or a finish, what accrued). */
  deposit: decimal,
  /** Pay accrued by now (running) or in all (ended, stopped, finished). */
  accrued: decimal,
  paid: decimal,
  /** Sent back to the renter: the unused part (stop, finish) or the whole deposit (cancel, decline, no-show). */
  refunded: decimal,
  /** Paid to the renter out of the provider's stake (a late cancel, a no-show). */
  compensation: decimal,
  /** The provider's reason code when it declined (see declineReasonText), else null. */
  declineReason: z.number().int().nullable(),
  /** Who settled a no-show (the renter, the provider or another account), else null. */
  settledBy: addressHex.nullable(),
  createdAt: isoTime,
  startedAt: isoTime.nullable(),
  endsAt: isoTime.nullable(),
  /** When it was stopped, finished, declined, cancelled or settled as a no-show. */
  closedAt: isoTime.nullable(),
  secondsLeft: z.number().int().nullable(),
  /** keccak256 of the sealed job spec the rent transaction carried, and its size in bytes. */
  jobSpecHash: z.string(),
  sealedSpecBytes: z.number().int().nonnegative(),
  rentedTx: z.string(),
})
export type RentalView = z.infer<typeof rentalViewSchema>

export const listedRentalSchema = rentalViewSchema.extend({ role: z.enum(['renter', 'provider']) })
export type ListedRental = z.infer<typeof listedRentalSchema>

/** GET /api/rentals: the signed-in address's rentals, as renter and as provider. */
export const rentalListSchema = z.object({ address: addressHex, rentals: z.array(listedRentalSchema) })
export type RentalList = z.infer<typeof rentalListSchema>

const receiptBase = {
  txHash: z.string(),
  blockNumber: decimal,
  logIndex: z.number().int(),
  /** When the block was mined (ISO), or null when the stored event lacks its time. */
  at: z.string().nullable(),
  /**
   * The payout this transaction made (a refund to the renter, a claim to the provider) was refused by
   * the token and credited to the payee instead, to take out with `withdraw(token)`.
   */
  credited: z.boolean(),
}

/** One transaction in a rental's history: what happened, where on the chain, the amounts it moved. */
export const rentalReceiptSchema = z.discriminatedUnion('name', [
  z.object({ ...receiptBase, name: z.literal('Rented'), deposit: decimal, duration: z.number() }),
  z.object({ ...receiptBase, name: z.literal('Started'), startedAt: z.string(), endsAt: z.string() }),
  z.object({ ...receiptBase, name: z.literal('Claimed'), amount: decimal, paidSeconds: z.number() }),
  z.object({
    ...receiptBase,
    name: z.literal('Stopped'),
    elapsed: z.number(),
    accrued: decimal,
    refund: decimal,
  }),
  z.object({
    ...receiptBase,
    name: z.literal('Extended'),
    extraSeconds: z.number(),
    duration: z.number(),
    amount: decimal,
  }),
  z.object({
    ...receiptBase,
    name: z.literal('Finished'),
    elapsed: z.number(),
    accrued: decimal,
    refund: decimal,
  }),
  z.object({ ...receiptBase, name: z.literal('Cancelled'), refund: decimal, compensation: decimal }),
  z.object({ ...receiptBase, name: z.literal('Declined'), reason: z.number().int(), refund: decimal }),
  z.object({
    ...receiptBase,
    name: z.literal('NoShowSettled'),
    settledBy: addressHex,
    refund: decimal,
    compensation: decimal,
  }),
])
export type RentalReceipt = z.infer<typeof rentalReceiptSchema>

/** GET /api/credits: payouts credited to the signed-in address and not yet withdrawn, per token. */
export const creditListSchema = z.object({
  address: addressHex,
  credits: z.array(z.object({ token: addressHex, amount: decimal })),
})
export type CreditList = z.infer<typeof creditListSchema>
