import { formatDuration } from '@/lib/format/duration'
import { formatUsdcFigure } from '@/lib/format/token-amount'
import type { FlowError } from './rent-flow'

/** The contract's own ceiling on any rental (MAX_DURATION = 3650 days). */
export const MAX_DURATION_SECONDS = 3650 * 86_400

/** How long before expiry an offer is no longer worth signing for: the rent must be mined first. */
export const EXPIRY_MARGIN_SECONDS = 30

export type DurationResult = { ok: true; seconds: number } | { ok: false; message: string }

/** Reads the hours typed in the duration field and checks them against the offer's range. */
export function durationFromHours(
  text: string,
  range: { minDuration: number; maxDuration: number },
): DurationResult {
  const trimmed = text.trim().replace(',', '.')
  if (trimmed === '') return { ok: false, message: 'Enter how many hours to rent for.' }
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(trimmed))
    return { ok: false, message: 'Enter the hours as a number, such as 2 or 1.5.' }
  const seconds = Math.round(Number(trimmed) * 3600)
  const max = Math.min(range.maxDuration, MAX_DURATION_SECONDS)
  if (seconds <= 0) return { ok: false, message: 'Rent for more than zero hours.' }
  if (seconds < range.minDuration)
    return { ok: false, message: `This offer rents for at least ${formatDuration(range.minDuration)}.` }
  if (seconds > max) return { ok: false, message: `This offer rents for at most ${formatDuration(max)}.` }
  return { ok: true, seconds }
}

/** Hours for the duration field: whole hours plainly, otherwise up to four decimals. */
export function hoursText(seconds: number): string {
  const hours = seconds / 3600
  return Number.isInteger(hours) ? String(hours) : String(Number(hours.toFixed(4)))
}

/** How long until an offer expires, as the panel says it ("expired", "in 4 min", "in 35 s"). */
export function expiryText(expiresAt: number, nowSeconds: number): string {
  const left = Math.floor(expiresAt - nowSeconds)
  if (left <= 0) return 'expired'
  return `in ${formatDuration(left)}`
}

type Check = {
  expiresAt: number
  nowSeconds: number
  /** The wallet's balance of the offer's token, when known. */
  balance: bigint | undefined
  deposit: bigint
  testChain: boolean
}

/**
 * What stops a rent before anything is signed: an offer about to expire (the provider has
 * re-signed it by now under a new id) or too little USDC. Undefined when nothing does.
 */
export function checkBeforeRent({ expiresAt, nowSeconds, balance, deposit, testChain }: Check) {
  if (expiresAt - nowSeconds <= EXPIRY_MARGIN_SECONDS) {
    return {
      step: 'permit',
      remedy: 'fresh-offer',
      message:
        expiresAt <= nowSeconds
          ? 'This offer has expired: providers re-sign their offers every few minutes. Open the provider’s current offer for the same GPUs; your job spec comes along.'
          : 'This offer expires in less than a minute, too soon to rent safely. Open the provider’s current offer for the same GPUs; your job spec comes along.',
    } satisfies FlowError
  }
  if (balance !== undefined && balance < deposit) {
    return {
      step: 'permit',
      remedy: testChain ? 'get-usdc' : 'shorter',
      message: `Your wallet holds ${formatUsdcFigure(balance)} USDC, but this rental needs ${formatUsdcFigure(deposit)} USDC. ${
        testChain
          ? 'Get test USDC below, or choose a shorter duration.'
          : 'Add USDC, or choose a shorter duration.'
      }`,
    } satisfies FlowError
  }
  return undefined
}
