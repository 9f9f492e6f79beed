import { parseUnits } from 'viem'

/** The payment token's decimals: USDC and the local test USDC both use 6. */
export const USDC_DECIMALS = 6

/**
 * An exact token amount as a person reads it: every significant decimal is kept (no rounding, so
 * it matches the chain to the unit), trailing zeros are dropped and thousands are grouped:
 * 1234567890n → "1,234.56789".
 */
export function formatTokenAmount(units: bigint, decimals = USDC_DECIMALS): string {
  const negative = units < 0n
  const abs = negative ? -units : units
  const scale = 10n ** BigInt(decimals)
  const whole = (abs / scale).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  const fraction = (abs % scale).toString().padStart(decimals, '0').replace(/0+$/, '')
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`
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
