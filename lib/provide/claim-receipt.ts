import { type Address, isAddressEqual, type Log, parseEventLogs } from 'viem'
import { WeftMarket } from '@/lib/chain/generated'

/** What one `claim(ids)` paid, read from its receipt's `Claimed` events. */
export type ClaimPayout = { total: bigint; rentals: { id: bigint; amount: bigint }[] }

/** Sums the market's `Claimed` events in a receipt; events from any other contract are ignored. */
export function claimPayout(logs: readonly Log[], market: Address): ClaimPayout {
  const events = parseEventLogs({ abi: WeftMarket.abi, eventName: 'Claimed', logs: [...logs] }).filter(
    (log) => isAddressEqual(log.address, market),
  )
  const rentals = events.map((event) => ({ id: event.args.id, amount: event.args.amount }))
  return { total: rentals.reduce((sum, rental) => sum + rental.amount, 0n), rentals }
}
