import { z } from 'zod'
import { addressHex } from '@/lib/protocol/wire-fields'

/*
 * The rentals as the market API answers them (GET /api/rentals, /api/rentals/:id and the `rental`
 * event of its stream), defined once: the server builds its answers as these types and the
 * browser reads them with these schemas.
 */

const decimal = z.string().regex(/^\d+$/)
const isoTime = z.string().min(1)

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
  status: z.string(),
  pricePerHour: decimal,
  duration: z.number().int(),
  maxDuration: z.number().int(),
  deposit: decimal,
  /** Pay accrued by now (running) or in all (ended, stopped). */
  accrued: decimal,
  paid: decimal,
  refunded: decimal,
  compensation: decimal,
  createdAt: isoTime,
  startedAt: isoTime.nullable(),
  endsAt: isoTime.nullable(),
  secondsLeft: z.number().int().nullable(),
  jobSpecHash: z.string(),
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
  z.object({ ...receiptBase, name: z.literal('Cancelled'), refund: decimal, compensation: decimal }),
])
export type RentalReceipt = z.infer<typeof rentalReceiptSchema>
