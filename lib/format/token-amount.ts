import { formatUnits, parseUnits } from 'viem'
import { groupDigits } from './en-us-number'

/** The payment token's decimals: USDC and the local test USDC both use 6. */
export const USDC_DECIMALS = 6

/**
 * An exact token amount as a person reads it: every significant decimal is kept (no rounding, so
 * it matches the chain to the unit), trailing zeros are dropped down to `minDecimals`, thousands
 * are grouped: 1234567890n → "1,234.56789"; with minDecimals 2, 1234500000n → "1,234.50".
 */
export function formatTokenAmount(units: bigint, decimals = USDC_DECIMALS, minDecimals = 0): string {
  const negative = units < 0n
  const [whole = '0', fraction = ''] = formatUnits(negative ? -units : units, decimals).split('.')
  const decimalsShown = fraction.padEnd(minDecimals, '0')
  return `${negative ? '-' : ''}${groupDigits(whole)}${decimalsShown ? `.${decimalsShown}` : ''}`
}

/**
 * A USDC figure with at least cents and every significant decimal beyond (so a per-second cost
 * visibly moves and what is shown is what the escrow moves): 1234500000n → "1,234.50".
 */
export function formatUsdcFigure(units: bigint): string {
  return formatTokenAmount(units, USDC_DECIMALS, 2)
}

/** The same with its unit: "1,234.50 USDC". */
export function formatUsdc(units: bigint): string {
  return `${formatUsdcFigure(units)} USDC`
}

export type ParsedAmount = { ok: true; units: bigint } | { ok: false; message: string }

/**
 * Reads an amount typed into a form ("250", "12.5", "1,000") as token units; anything that is not
 * a positive number with at most `decimals` decimals comes back as a sentence saying what to type.
 */
export function parseTokenAmount(text: string, decimals = USDC_DECIMALS): ParsedAmount {
  const cleaned = text.trim().replace(/[,_\s]/g, '')
  if (cleaned === '') return { ok: false, message: 'Enter an amount.' }
  if (!/^\d*\.?\d*$/.test(cleaned) || cleaned === '.')
    return { ok: false, message: 'Enter a number, such as 250 or 12.5.' }
  const [, fraction = ''] = cleaned.split('.')
  if (fraction.length > decimals)
    return { ok: false, message: `Use at most ${decimals} decimals: the token has no smaller unit.` }
  const units = parseUnits(cleaned, decimals)
  if (units <= 0n) return { ok: false, message: 'Enter an amount above zero.' }
  return { ok: true, units }
}
