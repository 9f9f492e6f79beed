/** WeftMarket's `Status` enum, as `getRental` returns it. */
export const RentalStatus = {
  None: 0,
  Pending: 1,
  Running: 2,
  Stopped: 3,
  Ended: 4,
  Cancelled: 5,
  OfferCancelled: 6,
} as const

export type RentalStatusCode = (typeof RentalStatus)[keyof typeof RentalStatus]
