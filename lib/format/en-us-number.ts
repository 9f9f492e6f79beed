/*
 * Numbers written as en-US Intl.NumberFormat writes them, without building one: the first Intl
 * formatter a page makes costs it a noticeable moment (locale data), and these forms are simple.
 */

/** Thousands separators in a run of digits: "1234567" → "1,234,567". */
export function groupDigits(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

/**
 * |value| rounded to `digits` decimals half away from zero, on the shortest decimal that reads
 * back as it (what Intl rounds, so 1.005 gives "1.01" where toFixed gives "1.00").
 */
function roundDecimal(abs: number, digits: number): { whole: string; fraction: string } {
  // Below a millionth the shortest form is exponential; at four decimals or fewer that is zero.
  const text = abs < 1e-6 ? '0' : abs < 1e21 ? abs.toString() : abs.toFixed(0)
  const [whole = '0', fraction = ''] = text.split('.')
  if (fraction.length <= digits) return { whole, fraction }
  const kept = BigInt(whole + fraction.slice(0, digits)) + (fraction.charAt(digits) >= '5' ? 1n : 0n)
  const figures = kept.toString().padStart(digits + 1, '0')
  return {
    whole: figures.slice(0, figures.length - digits),
    fraction: figures.slice(figures.length - digits),
  }
}

/**
 * `value` with grouped thousands and between `minFraction` and `maxFraction` decimals, rounded as
 * Intl.NumberFormat rounds: formatDecimal(1234.5, 2, 4) → "1,234.50".
 */
export function formatDecimal(value: number, minFraction: number, maxFraction: number): string {
  const { whole, fraction: digits } = roundDecimal(Math.abs(value), maxFraction)
  const fraction = digits.replace(/0+$/, '').padEnd(minFraction, '0')
  // As Intl: a negative figure keeps its sign even when it rounds to zero ("-0.00").
  const sign = value < 0 || Object.is(value, -0) ? '-' : ''
  return `${sign}${groupDigits(whole)}${fraction ? `.${fraction}` : ''}`
}

/** An amount in US dollars, "$1,234.50" or "-$0.125", with the given decimals. */
export function formatDollars(value: number, minFraction: number, maxFraction: number): string {
  const figure = formatDecimal(value, minFraction, maxFraction)
  return figure.startsWith('-') ? `-$${figure.slice(1)}` : `$${figure}`
}
