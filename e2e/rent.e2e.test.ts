import type { Page } from 'playwright-core'
import { describe, expect, test } from 'vitest'
import { anvilKeys } from '../lib/chain/anvil-accounts'
import { openSealedSpec } from '../lib/jobs/sealed-spec'
import { screenshots } from './harness/browser'
import { chainReader } from './harness/chain'
import { agentNamed, liveOffer } from './harness/offers'
import { waitForRentalPage } from './harness/rental-page'
import { useBrowser } from './harness/setup-file'
import { connectAndSignIn } from './harness/wallet-ui'

const renterKey = anvilKeys[2] ?? '0x'
const otherKey = anvilKeys[3] ?? '0x'
const providerKey = anvilKeys[6] ?? '0x' // frankfurt-h100's key in demo-fleets.ts

/** How many links on the page lead to the rental `id` (written in hex or decimal). */
async function linksToRental(page: Page, id: bigint): Promise<number> {
  const hrefs = await page
    .locator('a[href^="/rentals/"]')
    .evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''))
  return hrefs.filter((href) => {
    const text = href.split('/')[2] ?? ''
    return /^(0x[0-9a-fA-F]+|\d+)$/.test(text) && BigInt(text) === id
  }).length
}

describe('renting', () => {
  const { stack, session } = useBrowser()
  const chain = chainReader(stack.rpcUrl, stack)
  let rentalPath = ''

  test('rent with a permit and a sealed job spec, watch the job run, stop it and get the unused deposit back', async () => {
    const { page, wallet } = await session(renterKey)
    const offer = await liveOffer(stack, 'frankfurt-h100', 1, 120)
    const before = await chain.usdcBalance(wallet.address)
    await page.goto(offer.path)
    await connectAndSignIn(page, wallet)

    const rent = page.getByRole('region', { name: 'Rent this offer' })
    await rent.getByLabel('Duration in hours').fill('0.1')
    // The shell computes 6*7, so "answer 42" in the log is the job's output, not its spec echoed.
    const script = 'echo "answer $((6*7))"; uname -s; sleep 600'
    await rent.getByLabel('Command').fill(script)
    // Ending the rental when the program exits is the default.
    expect(
      await rent.getByRole('radio', { name: /^End the rental and refund the unused time/ }).isChecked(),
    ).toBe(true)
    const rentButton = rent.getByRole('button', { name: /^Rent for [\d.]+ USDC$/ })
    await rentButton.waitFor()
    await screenshots(page, stack, 'offer-rent')
    await rentButton.click()
    // Once the rent is mined the page moves on to the rental by itself: the job spec went in it.
    const id = await waitForRentalPage(page)
    rentalPath = new URL(page.url()).pathname
    // One signature (the permit) and one transaction (rentWithPermit) after signing in.
    expect(wallet.signatureCalls()).toEqual(['personal_sign', 'eth_signTypedData_v4', 'eth_sendTransaction'])
    // The chain carries the spec sealed: unreadable as it stands, exactly what was typed to the provider.
    const rented = await chain.event('Rented', id)
    const sealed = rented?.sealedSpec
    if (!sealed) throw new Error(`no Rented event for rental ${id}`)
    expect(sealed).not.toContain(Buffer.from('answer').toString('hex'))
    expect(openSealedSpec(sealed, providerKey)).toEqual({
      ok: true,
      spec: { command: ['sh', '-c', script], env: {}, onExit: 'finish' },
    })

    // 0.1 h at the offer's price, pulled from the wallet exactly.
    const deposit = (BigInt(offer.offer.pricePerHour) * 360n) / 3600n
    expect(await chain.usdcBalance(wallet.address)).toBe(before - deposit)

    const status = page.getByRole('region', { name: 'Rental status' })
    await status.getByText('Running', { exact: true }).waitFor({ timeout: 60_000 })
    const log = page.getByRole('log', { name: 'Job log' })
    await expect.poll(() => log.textContent(), { timeout: 30_000 }).toContain('answer 42')
    expect(await log.textContent()).toContain('Linux')
    await screenshots(page, stack, 'rental-running')

    // Stop: the refund is the deposit less what accrued up to the stop, to the unit.
    const beforeStop = await chain.usdcBalance(wallet.address)
    await page.getByRole('button', { name: 'Stop rental' }).click()
    await status.getByText('Stopped', { exact: true }).waitFor({ timeout: 60_000 })
    const [earned] = await chain.accrued(id)
    const refund = (await chain.usdcBalance(wallet.address)) - beforeStop
    expect(refund).toBeGreaterThan(0n)
    expect(refund + earned).toBe(deposit)
    expect(wallet.signatureCalls().at(-1)).toBe('eth_sendTransaction')
    await screenshots(page, stack, 'rental-stopped')

    // The renter's dashboard lists it.
    await page.goto('/rentals')
    await expect.poll(() => linksToRental(page, id)).toBeGreaterThan(0)
    await screenshots(page, stack, 'rentals')
  })

  test('the provider’s console shows the rental’s claimable pay as the chain has it', async () => {
    expect(rentalPath, 'the rent journey ran first').not.toBe('')
    const { page, wallet } = await session(providerKey)
    expect(wallet.address).toBe(agentNamed(stack, 'frankfurt-h100').provider)
    await page.goto('/provide')
    await connectAndSignIn(page, wallet)
    const id = BigInt(rentalPath.split('/').at(-1) ?? '0')
    const row = page.locator(
      `tr[data-rental-id="${id}"], tr[data-rental-id="0x${id.toString(16).padStart(64, '0')}"]`,
    )
    await row.waitFor({ timeout: 30_000 })
    // The agent claims by itself soon after a stop, so compare with the chain at the same moment.
    await expect
      .poll(
        async () => {
          const shown = await row.locator('[data-claimable] [data-units]').getAttribute('data-units')
          const [, claimable] = await chain.accrued(id)
          return shown === claimable.toString()
        },
        { timeout: 30_000 },
      )
      .toBe(true)
    await screenshots(page, stack, 'provide')
  })

  test('another account cannot see the rental', async () => {
    expect(rentalPath, 'the rent journey ran first').not.toBe('')
    const { page, wallet, errors } = await session(otherKey)
    await page.goto('/rentals')
    await connectAndSignIn(page, wallet)
    await page.getByRole('heading', { level: 1 }).waitFor()
    await page
      .getByText(/rental/i)
      .first()
      .waitFor()
    expect(await linksToRental(page, BigInt(rentalPath.split('/').at(-1) ?? '0'))).toBe(0)
    await page.goto(rentalPath)
    await page.getByRole('alert').filter({ hasText: 'This rental belongs to another account' }).waitFor()
    expect(await page.getByRole('log', { name: 'Job log' }).count()).toBe(0)
    await screenshots(page, stack, 'rental-not-yours')
    // The browser logs the refused request; that, and only that, is expected here.
    const problems = errors.take()
    expect(problems.every((p) => /status of 403/.test(p.text))).toBe(true)
  })
})
