import type { Page } from 'playwright-core'

const rentalPath = /\/rentals\/(0x[0-9a-fA-F]+|\d+)$/

/** Waits until the rent panel has moved on to the rental's own page, and returns its id. */
export async function waitForRentalPage(page: Page, timeout = 90_000): Promise<bigint> {
  await page.waitForURL(rentalPath, { timeout })
  return rentalIdOf(page)
}

/** The rental page's id from its URL, as the chain's uint256. */
export function rentalIdOf(page: Page): bigint {
  const match = rentalPath.exec(new URL(page.url()).pathname)
  if (!match?.[1]) throw new Error(`not a rental page: ${page.url()}`)
  return BigInt(match[1])
}
