import { formatDuration } from '@/lib/format/duration'
import { formatMoment } from '@/lib/format/moment'
import { formatUsdc } from '@/lib/format/token-amount'
import type { RentalReceipt } from '@/lib/market/rental-view'

/** A receipt as the page lists it: what happened and the money it moved, in one sentence. */
export type ReceiptLine = { title: string; detail: string }

/** Describes a receipt for the rental's renter or its provider ("refunded to you" / "to the renter"). */
export function describeReceipt(receipt: RentalReceipt, role: 'renter' | 'provider'): ReceiptLine {
  const renter = role === 'renter' ? 'you' : 'the renter'
  const provider = role === 'provider' ? 'you' : 'the provider'
  switch (receipt.name) {
    case 'Rented':
      return {
        title: 'Rented',
        detail: `${formatUsdc(BigInt(receipt.deposit))} deposit paid into escrow for ${formatDuration(receipt.duration, 'exact')}.`,
      }
    case 'Started':
      return {
        title: 'Started',
        detail: receipt.endsAt
          ? `Pay accrues from here; the rental ends ${formatMoment(Date.parse(receipt.endsAt))}.`
          : 'Pay accrues from here.',
      }
    case 'Claimed':
      return {
        title: 'Claimed',
        detail: `${formatUsdc(BigInt(receipt.amount))} paid to ${provider} (${formatDuration(receipt.paidSeconds, 'exact')} paid in all).`,
      }
    case 'Stopped':
      return {
        title: 'Stopped',
        detail: `${formatUsdc(BigInt(receipt.refund))} refunded to ${renter}; ${formatUsdc(BigInt(receipt.accrued))} for ${formatDuration(receipt.elapsed, 'exact')} of use goes to ${provider}.`,
      }
    case 'Extended':
      return {
        title: 'Extended',
        detail: `${formatUsdc(BigInt(receipt.amount))} paid for ${formatDuration(receipt.extraSeconds, 'exact')} more (${formatDuration(receipt.duration, 'exact')} in all).`,
      }
    case 'Cancelled': {
      const compensation = BigInt(receipt.compensation)
      return {
        title: 'Cancelled',
        detail: `${formatUsdc(BigInt(receipt.refund))} refunded to ${renter}${
          compensation > 0n
            ? `, plus ${formatUsdc(compensation)} from the provider’s stake for the late start`
            : ''
        }.`,
      }
    }
  }
}
