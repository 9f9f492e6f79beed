/** Seconds in an hour: prices are quoted per hour, settled per second. */
export const HOUR = 3600n

/**
 * What `seconds` of a rental at `pricePerHour` costs, rounded down — the same function the contract
 * uses, so deposits, payouts and refunds computed here match the chain to the unit.
 */
export function cost(pricePerHour: bigint, seconds: number | bigint): bigint {
  return (pricePerHour * BigInt(seconds)) / HOUR
}

/** How a stop after `elapsed` seconds splits a rental's deposit between provider and renter. */
export function splitOnStop(pricePerHour: bigint, duration: number, elapsed: number) {
  const capped = Math.min(Math.max(elapsed, 0), duration)
  const deposit = cost(pricePerHour, duration)
  const accrued = cost(pricePerHour, capped)
  return { deposit, accrued, refund: deposit - accrued }
}
