import type { Page } from 'playwright-core'
import type { Address } from 'viem'
import { z } from 'zod'
import type { TestWallet } from './wallet-backend'

const sessionBody = z.object({ address: z.string(), chainId: z.number() }).nullable()

/** Who the app's server says is signed in, with this page's cookies. */
export async function signedInAs(page: Page): Promise<string | null> {
  const response = await page.request.get('/api/auth/session')
  return sessionBody.parse(await response.json())?.address ?? null
}

/** The header's wallet button once connected (RainbowKit's account button). */
export function accountButton(page: Page, address: Address) {
  return page.getByRole('button', { name: `Wallet ${address}, open account menu` })
}

/**
 * Waits until wagmi has asked the wallet for its accounts (its reconnect on load). A connect modal
 * opened before that settles is closed by it (see the suite's README notes), so a test waits first.
 */
export async function walletProbed(page: Page, wallet: TestWallet): Promise<void> {
  const deadline = Date.now() + 15_000
  while (!wallet.calls.includes('eth_accounts')) {
    if (Date.now() > deadline) throw new Error('the page never asked the wallet for its accounts')
    await page.waitForTimeout(50)
  }
  await page.waitForTimeout(300)
}

/**
 * Opens RainbowKit's connect modal from the header and picks the injected test wallet. The pointer
 * reaches the button first, as a person's does: that is what loads the wallet stack.
 */
export async function connectWallet(page: Page, wallet: TestWallet): Promise<void> {
  const connect = page.getByRole('banner').getByRole('button', { name: 'Connect wallet' })
  await connect.hover()
  await walletProbed(page, wallet)
  await connect.click()
  const modal = page.getByRole('dialog')
  await modal.getByText('Connect a Wallet').waitFor()
  await modal.getByRole('button', { name: 'Weft Test Wallet' }).click()
}

/** The "Verify your account" step: asks the wallet for the Sign-In with Ethereum signature. */
export async function signMessage(page: Page): Promise<void> {
  const modal = page.getByRole('dialog')
  await modal.getByText('Verify your account').waitFor()
  await modal.getByRole('button', { name: 'Sign message' }).click()
}

/** Connect, then sign in; resolves once the header shows the account and the server the session. */
export async function connectAndSignIn(page: Page, wallet: TestWallet): Promise<void> {
  await connectWallet(page, wallet)
  await signMessage(page)
  await page.getByRole('dialog').waitFor({ state: 'detached' })
  await accountButton(page, wallet.address).waitFor()
  const deadline = Date.now() + 10_000
  while ((await signedInAs(page)) !== wallet.address) {
    if (Date.now() > deadline) throw new Error('the server never saw the sign-in')
    await page.waitForTimeout(200)
  }
}
