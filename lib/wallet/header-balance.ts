import { formatTokenAmount } from '@/lib/format/token-amount'

/**
 * A balance for the header, where room is short: whole cents, rounded down so it never shows more
 * than the wallet holds (the exact figure goes in the title): 100000123456n → "100,000.12".
 */
export function headerBalance(units: bigint, decimals: number): string {
  const cents = decimals > 2 ? units - (units % 10n ** BigInt(decimals - 2)) : units
  const [whole, fraction = ''] = formatTokenAmount(cents, decimals).split('.')
  return fraction ? `${whole}.${fraction.padEnd(2, '0')}` : `${whole}`
}
