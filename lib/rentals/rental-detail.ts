import { z } from 'zod'
import { rentalReceiptSchema, rentalViewSchema } from '@/lib/market/rental-view'
import { addressHex } from '@/lib/protocol/wire-fields'
import { agentJobSchema } from './rental-schemas'

const decimal = z.string().regex(/^\d+$/)
const seconds = z.number().int().nonnegative()

/** `getRental` as the API returns it: amounts as decimal strings, times as unix seconds (0 = none). */
const chainRentalSchema = z.object({
  renter: addressHex,
  provider: addressHex,
  token: addressHex,
  pricePerHour: decimal,
  createdAt: seconds,
  startedAt: seconds,
  endsAt: seconds,
  duration: seconds,
  maxDuration: seconds,
  paidSeconds: seconds,
  deposit: decimal,
  paid: decimal,
  status: z.number().int(),
  settled: z.boolean(),
})
export type ChainRental = z.infer<typeof chainRentalSchema>

/**
 * GET /api/rentals/:id: each part the server could not read is null beside a sentence saying why.
 * The agent part is the provider's word: one the page cannot read is shown as unknown, not an error.
 */
export const rentalDetailSchema = z.object({
  id: decimal,
  role: z.enum(['renter', 'provider']),
  market: addressHex,
  chainId: z.number().int().positive(),
  rental: rentalViewSchema.nullable(),
  chain: chainRentalSchema.nullable(),
  chainError: z.string().nullable(),
  agent: agentJobSchema.nullable().catch(null),
  agentError: z.string().nullable(),
  /** The provider's registered agent endpoint (null when the market does not know it); an older server omits it. */
  agentEndpoint: z.string().nullable().default(null),
  receipts: z.array(rentalReceiptSchema).nullable(),
  receiptsError: z.string().nullable(),
})
export type RentalDetail = z.infer<typeof rentalDetailSchema>
/** What the route builds: the same answer before it is read (the agent part as the agent protocol has it). */
export type RentalDetailJson = z.input<typeof rentalDetailSchema>
