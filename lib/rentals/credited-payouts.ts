import { type Address, isAddressEqual } from 'viem'
import type { CreditList, RentalReceipt } from '@/lib/market/rental-view'

/** A payout to the viewer that the token refused and the market credited instead. */
export type CreditedPayout = { kind: 'refund' | 'pay'; amount: bigint; txHash: string }

/** What a receipt paid out, to whom: refunds (with any compensation) to the renter, claims to the provider. */
function payoutOf(receipt: RentalReceipt): { payee: 'renter' | 'provider'; amount: bigint } | null {
  switch (receipt.name) {
    case 'Claimed':
      return { payee: 'provider', amount: BigInt(receipt.amount) }
    case 'Stopped':
    case 'Finished':
    case 'Declined':
      return { payee: 'renter', amount: BigInt(receipt.refund) }
    case 'Cancelled':
    case 'NoShowSettled':
      return { payee: 'renter', amount: BigInt(receipt.refund) + BigInt(receipt.compensation) }
    default:
      return null
  }
}

/**
 * The rental's payouts to the viewer (by role) that were credited rather than transferred. A claim's
 * amount is this rental's share; the credit itself may hold the whole claim's batch.
 */
export function creditedPayouts(
  receipts: readonly RentalReceipt[] | null,
  role: 'renter' | 'provider',
): CreditedPayout[] {
  return (receipts ?? []).flatMap((receipt) => {
    const payout = payoutOf(receipt)
    if (!receipt.credited || !payout || payout.payee !== role || payout.amount === 0n) return []
    return [{ kind: role === 'renter' ? 'refund' : 'pay', amount: payout.amount, txHash: receipt.txHash }]
  })
}

/** What the account can withdraw now in `token`, from GET /api/credits (0 when nothing is left). */
export function creditIn(list: CreditList | undefined, token: Address): bigint {
  const found = list?.credits.find((credit) => isAddressEqual(credit.token, token))
  return found ? BigInt(found.amount) : 0n
}
