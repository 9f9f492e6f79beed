import { formatUnits } from 'viem'

/** USDC and the market's test token have 6 decimals; offers are priced in base units. */
const USDC_DECIMALS = 6

/**
 * An exact token amount for a person: every significant decimal (never rounded, so what is shown
 * is what the escrow takes), at least cents, grouped thousands: 1234.5 → "1,234.50".
 */
export function formatUsdcExact(units: bigint): string {
  const [whole = '0', fraction = ''] = formatUnits(units, USDC_DECIMALS).split('.')
  const negative = whole.startsWith('-')
  const digits = negative ? whole.slice(1) : whole
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${negative ? '-' : ''}${grouped}.${fraction.padEnd(2, '0')}`
}
