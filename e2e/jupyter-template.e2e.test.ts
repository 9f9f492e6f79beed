import { describe, expect, test } from 'vitest'
import { anvilKeys } from '../lib/chain/anvil-accounts'
import { accessPanel, unlockAccess } from './harness/access-panel'
import { screenshots } from './harness/browser'
import { liveOffer } from './harness/offers'
import { waitForRentalPage } from './harness/rental-page'
import { useBrowser } from './harness/setup-file'
import { connectAndSignIn } from './harness/wallet-ui'

const renterKey = anvilKeys[2] ?? '0x'
const JUPYTER_PORT = 8888

/**
 * The Jupyter template end to end: its server is told the proxy's path (the spec's proxyPathPorts),
 * so its absolute links work through the agent's proxy. The demo's sandboxes have no Jupyter, so the
 * template's own fallback serves the work folder under that same path, as Jupyter would.
 */
describe('the Jupyter template', () => {
  const { stack, session } = useBrowser()

  test('opens straight to its server from the rental page, under the path it was told', async () => {
    const { page, wallet } = await session(renterKey)
    const offer = await liveOffer(stack, 'frankfurt-h100', 1, 120)
    await page.goto(offer.path)
    await connectAndSignIn(page, wallet)
    const rent = page.getByRole('region', { name: 'Rent this offer' })
    await rent.getByRole('button', { name: 'Jupyter server' }).click()
    await expect.poll(() => rent.getByLabel('Ports told the proxy’s path').inputValue()).toBe('8888')
    await rent.getByLabel('Duration in hours').fill('0.1')
    await rent.getByRole('button', { name: /^Rent for [\d.]+ USDC$/ }).click()
    const id = await waitForRentalPage(page)
    await page
      .getByRole('region', { name: 'Rental status' })
      .getByText('Running', { exact: true })
      .waitFor({ timeout: 60_000 })

    await unlockAccess(page)
    const row = accessPanel(page)
      .getByRole('listitem')
      .filter({ hasText: String(JUPYTER_PORT) })
    await row.waitFor({ timeout: 30_000 })
    const [tab] = await Promise.all([
      page.context().waitForEvent('page'),
      row.getByRole('link', { name: 'Open' }).click(),
    ])
    const path = `/v1/rentals/${id}/ports/${JUPYTER_PORT}/`
    await tab.getByRole('heading', { name: `Directory listing for ${path}` }).waitFor({ timeout: 30_000 })
    expect(new URL(tab.url()).pathname).toBe(path)
    await screenshots(tab, stack, 'jupyter-template')
  })
})
