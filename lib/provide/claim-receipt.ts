import { type Address, isAddressEqual, type Log, parseEventLogs } from 'viem'
import { WeftMarket } from '@/lib/chain/generated'

/**
 * What one `claimEarned(offerIds)` paid, read from its receipt's `Claimed` events, and how much of it the
 * token refused and the market credited to `payee` instead (its `Credited` events).
 */
export type ClaimPayout = { total: bigint; credited: bigint; rentals: { id: bigint; amount: bigint }[] }

/** Sums the market's `Claimed` and `Credited` events in a receipt; events from any other contract are ignored. */
export function claimPayout(logs: readonly Log[], market: Address, payee: Address): ClaimPayout {
  const ours = <T extends { address: Address }>(log: T) => isAddressEqual(log.address, market)
  const claimed = parseEventLogs({ abi: WeftMarket.abi, eventName: 'Claimed', logs: [...logs] }).filter(ours)
  const rentals = claimed.map((event) => ({ id: event.args.id, amount: event.args.amount }))
  const credited = parseEventLogs({ abi: WeftMarket.abi, eventName: 'Credited', logs: [...logs] })
    .filter(ours)
    .filter((event) => isAddressEqual(event.args.account, payee))
    .reduce((sum, event) => sum + event.args.amount, 0n)
  return { total: rentals.reduce((sum, rental) => sum + rental.amount, 0n), credited, rentals }
}
