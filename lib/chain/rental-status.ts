/** WeftMarket's `Status` enum, as `getRental` returns it. */
export const RentalStatus = {
  None: 0,
  Pending: 1,
  Running: 2,
  /** Stopped by the renter while running. */
  Stopped: 3,
  /** Ran to its end and was claimed in full. */
  Ended: 4,
  /** Cancelled by the renter before it started. */
  Cancelled: 5,
  OfferCancelled: 6,
  /** Declined by the provider within the start window: full refund, no compensation. */
  Declined: 7,
  /** Finished by the provider while running (its job ended): the unused part was refunded. */
  Finished: 8,
  /** Neither started nor declined within the start window; settled by anyone with compensation. */
  NoShow: 9,
} as const

export type RentalStatusCode = (typeof RentalStatus)[keyof typeof RentalStatus]

/** Why a provider declined a rental: the `reason` of `decline(offerId, reason)` and the `Declined` event. */
export const DeclineReason = {
  Unspecified: 0,
  /** The sealed spec could not be decrypted with the provider's key. */
  SpecUnreadable: 1,
  /** The spec decrypted but is not a valid job spec. */
  SpecInvalid: 2,
  /** The GPUs the offer sold are already taken. */
  GpusBusy: 3,
  /** The provider's runner cannot run what the spec asks (an image it refuses, say). */
  Unsupported: 4,
  /** Preparing the job (image, workspace, network) failed. */
  PrepareFailed: 5,
} as const

export type DeclineReasonCode = (typeof DeclineReason)[keyof typeof DeclineReason]

const declineSentences: Record<number, string> = {
  [DeclineReason.Unspecified]: 'The provider declined the rental.',
  [DeclineReason.SpecUnreadable]:
    'The provider could not decrypt the job spec sealed in the rent transaction.',
  [DeclineReason.SpecInvalid]: 'The job spec sealed in the rent transaction is not a valid job spec.',
  [DeclineReason.GpusBusy]: 'The GPUs of this offer were already taken by another rental.',
  [DeclineReason.Unsupported]:
    'The provider cannot run this job (its image or settings are not supported there).',
  [DeclineReason.PrepareFailed]: 'The provider could not prepare the job (image, workspace or network).',
}

/** A sentence for a renter saying why a rental was declined. */
export function declineReasonText(reason: number): string {
  return declineSentences[reason] ?? `The provider declined the rental (reason code ${reason}).`
}
