import { declineReasonText } from '@/lib/chain/rental-status'
import { formatDuration } from '@/lib/format/duration'
import { formatMoment } from '@/lib/format/moment'
import { formatUsdc } from '@/lib/format/token-amount'
import type { RentalReceipt } from '@/lib/market/rental-view'
import { shortAddress } from '@/lib/wallet/short-address'

/** A receipt as the page lists it: what happened and the money it moved, in one sentence. */
export type ReceiptLine = { title: string; detail: string }

/** Describes a receipt for the rental's renter or its provider ("refunded to you" / "to the renter"). */
export function describeReceipt(receipt: RentalReceipt, role: 'renter' | 'provider'): ReceiptLine {
  const line = describePayout(receipt, role)
  if (!receipt.credited) return line
  const payee = receipt.name === 'Claimed' ? 'provider' : 'renter'
  const whom = role === payee ? 'you' : `the ${payee}`
  return {
    ...line,
    detail: `${line.detail} The token refused the transfer, so it was credited to ${whom} to withdraw.`,
  }
}

function describePayout(receipt: RentalReceipt, role: 'renter' | 'provider'): ReceiptLine {
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
    case 'Finished':
      return {
        title: 'Finished by the provider',
        detail: `The job ended: ${formatUsdc(BigInt(receipt.accrued))} for ${formatDuration(receipt.elapsed, 'exact')} of use goes to ${provider}; ${formatUsdc(BigInt(receipt.refund))} refunded to ${renter}.`,
      }
    case 'Declined':
      return {
        title: 'Declined by the provider',
        detail: `${declineReasonText(receipt.reason)} ${formatUsdc(BigInt(receipt.refund))} refunded to ${renter}.`,
      }
    case 'NoShowSettled': {
      const compensation = BigInt(receipt.compensation)
      return {
        title: 'Settled as a no-show',
        detail: `Not started within the start window; settled by ${shortAddress(receipt.settledBy)}. ${formatUsdc(BigInt(receipt.refund))} refunded to ${renter}${
          compensation > 0n ? `, plus ${formatUsdc(compensation)} from the provider’s stake` : ''
        }.`,
      }
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
