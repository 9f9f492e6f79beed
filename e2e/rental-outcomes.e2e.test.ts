import { describe, expect, test } from 'vitest'
import { anvilKeys } from '../lib/chain/anvil-accounts'
import { cost } from '../lib/chain/pricing'
import { DeclineReason, RentalStatus } from '../lib/chain/rental-status'
import { formatUsdcFigure } from '../lib/format/token-amount'
import { eventually } from '../test-support/eventually'
import { screenshots } from './harness/browser'
import { chainReader } from './harness/chain'
import { liveOffer } from './harness/offers'
import { chainRenter } from './harness/rent-on-chain'
import { waitForRentalPage } from './harness/rental-page'
import { useBrowser } from './harness/setup-file'
import { connectAndSignIn } from './harness/wallet-ui'

const renterKey = anvilKeys[4] ?? '0x'
// A second renter, straight on the chain, whose rental takes every GPU the browser's offer sold.
const rivalKey = anvilKeys[1] ?? '0x'
const H200 = 'H200-SXM-141GB' // singapore-h200 has four (demo-fleets.ts)
const SECONDS = 360 // the 0.1 h typed in the duration field

/**
 * How a rental can end without the renter doing anything: the provider finishes it when the job's
 * program exits (and bills only the seconds it ran), or declines it before starting (a full refund).
 * The rental page says so, with the refund, and the chain agrees to the unit.
 */
describe('rental outcomes', () => {
  const { stack, session } = useBrowser()
  const chain = chainReader(stack.rpcUrl, stack)

  test('a job that exits early ends the rental: the renter pays for its seconds, the rest comes back', async () => {
    const { page, wallet } = await session(renterKey)
    const offer = await liveOffer(stack, 'virginia-mixed', 1, 120)
    const deposit = cost(BigInt(offer.offer.pricePerHour), SECONDS)
    const before = await chain.usdcBalance(wallet.address)
    await page.goto(offer.path)
    await connectAndSignIn(page, wallet)

    const rent = page.getByRole('region', { name: 'Rent this offer' })
    await rent.getByLabel('Duration in hours').fill('0.1')
    await rent.getByLabel('Command').fill('echo done')
    await rent.getByRole('radio', { name: /^End the rental and refund the unused time/ }).check()
    await rent.getByRole('button', { name: /^Rent for [\d.]+ USDC$/ }).click()
    const id = await waitForRentalPage(page)

    // The program exits at once; the provider's agent finishes the rental on-chain.
    const finished = await eventually(
      'the provider to finish the rental',
      () => chain.event('Finished', id),
      90_000,
    )
    const { elapsed, accrued, refund } = finished
    if (elapsed === undefined || accrued === undefined || refund === undefined) {
      throw new Error(`Finished event of rental ${id} lacks its figures`)
    }
    expect(elapsed).toBeLessThan(60)
    expect(accrued).toBe(cost(BigInt(offer.offer.pricePerHour), elapsed))
    expect(accrued + refund).toBe(deposit)
    expect((await chain.rental(id)).status).toBe(RentalStatus.Finished)
    expect(await chain.usdcBalance(wallet.address)).toBe(before - accrued)

    // The page says it finished and shows what came back, to the unit.
    const status = page.getByRole('region', { name: 'Rental status' })
    await status
      .getByText(/finished/i)
      .first()
      .waitFor({ timeout: 30_000 })
    await expect.poll(() => status.textContent(), { timeout: 30_000 }).toContain(formatUsdcFigure(refund))
    expect(await status.textContent()).toMatch(/refund/i)
    await screenshots(page, stack, 'rental-finished')
  })

  test('a rental the provider cannot start is declined at once, with the whole deposit back', async () => {
    const { page, wallet } = await session(renterKey)
    const rival = chainRenter(stack, rivalKey)
    // The offer page is open first: once the rival's rental takes the GPUs, the market stops listing it.
    const offer = await liveOffer(stack, 'singapore-h200', 1, 150, 'longest', H200)
    const whole = await liveOffer(stack, 'singapore-h200', 4, 150, 'longest', H200)
    const deposit = cost(BigInt(offer.offer.pricePerHour), SECONDS)
    await page.goto(offer.path)
    await connectAndSignIn(page, wallet)
    const rent = page.getByRole('region', { name: 'Rent this offer' })
    await rent.getByLabel('Duration in hours').fill('0.1')
    await rent.getByLabel('Command').fill('echo never runs; sleep 600')
    const rentButton = rent.getByRole('button', { name: /^Rent for [\d.]+ USDC$/ })
    await rentButton.waitFor()

    const taken = await rival.rent(whole, 600, {
      command: ['sh', '-c', 'sleep 600'],
      env: {},
      onExit: 'finish',
    })
    try {
      await eventually(
        'the provider to start the rival’s rental on all its H200s',
        async () => (await chain.rental(taken.id)).status === RentalStatus.Running,
        60_000,
      )
      const before = await chain.usdcBalance(wallet.address)
      await rentButton.click()
      const id = await waitForRentalPage(page)
      // The whole deposit went into the escrow. (Not read off the balance: the agent sees a rent
      // within a quarter second, so the refund may already be back by now.)
      const rented = await chain.event('Rented', id)
      if (!rented) throw new Error(`rental ${id} has no Rented event`)
      expect(cost(rented.pricePerHour, rented.duration)).toBe(deposit)

      // Its GPUs are busy: the agent declines within the start window, and the escrow refunds it all.
      const declined = await eventually('the provider to decline', () => chain.event('Declined', id), 90_000)
      expect(declined.reason).toBe(DeclineReason.GpusBusy)
      expect(declined.refund).toBe(deposit)
      expect((await chain.rental(id)).status).toBe(RentalStatus.Declined)
      expect(await chain.usdcBalance(wallet.address)).toBe(before)

      const status = page.getByRole('region', { name: 'Rental status' })
      await status
        .getByText(/declined/i)
        .first()
        .waitFor({ timeout: 30_000 })
      await expect.poll(() => status.textContent(), { timeout: 30_000 }).toMatch(/refund/i)
      expect(await status.textContent()).toContain(formatUsdcFigure(deposit))
      await screenshots(page, stack, 'rental-declined')
    } finally {
      // Frees the GPUs (and ends the rival's job) for whatever runs next on this stack, and waits
      // until the market lists all four again: the journeys after this one expect every model.
      await rival.stop(taken.id).catch(() => undefined)
      await eventually(
        'the provider’s four H200s to be offered again',
        async () => {
          const again = await liveOffer(stack, 'singapore-h200', 4, 0, 'longest', H200)
          return again.offer.offerId !== whole.offer.offerId ? again : undefined
        },
        90_000,
      )
    }
  })
})
