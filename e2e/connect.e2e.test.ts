import { describe, expect, test } from 'vitest'
import { anvilKeys } from '../lib/chain/anvil-accounts'
import { shortAddress } from '../lib/wallet/short-address'
import { screenshots } from './harness/browser'
import { liveOffer } from './harness/offers'
import { useBrowser } from './harness/setup-file'
import { accountButton, connectAndSignIn, connectWallet, signedInAs, signMessage } from './harness/wallet-ui'

const renterKey = anvilKeys[2] ?? '0x'

describe('wallet and sign-in', () => {
  const { stack, session } = useBrowser()

  test('connects through RainbowKit’s modal and signs in with one signature', async () => {
    const { page, wallet } = await session(renterKey)
    await page.goto('/')
    await connectWallet(page, wallet)
    await page.getByRole('dialog').getByText('Verify your account').waitFor()
    await screenshots(page, stack, 'sign-in')
    expect(await signedInAs(page)).toBeNull()
    await signMessage(page)
    await page.getByRole('dialog').waitFor({ state: 'detached' })
    await accountButton(page, wallet.address).waitFor()
    await expect.poll(() => signedInAs(page)).toBe(wallet.address)
    expect(wallet.signatureCalls()).toEqual(['personal_sign'])

    // The session and the connection survive a reload: the header names the account from the
    // first paint, and RainbowKit's account button takes over once the pointer reaches for it.
    await page.reload()
    const saved = page.getByRole('banner').getByRole('button', { name: shortAddress(wallet.address) })
    await saved.hover()
    await accountButton(page, wallet.address).waitFor()
    expect(await signedInAs(page)).toBe(wallet.address)
  })

  test('a rejected sign-in signature leaves the visitor signed out until they sign', async () => {
    const { page, wallet } = await session(renterKey)
    await page.goto('/')
    await connectWallet(page, wallet)
    wallet.rejectNextSignature()
    await signMessage(page)
    // RainbowKit takes a refusal quietly: the request is over and the same step is offered again.
    await expect.poll(() => wallet.signatureCalls()).toEqual(['personal_sign'])
    const signButton = page.getByRole('dialog').getByRole('button', { name: 'Sign message' })
    await signButton.waitFor()
    expect(await signedInAs(page)).toBeNull()
    await signButton.click()
    await page.getByRole('dialog').waitFor({ state: 'detached' })
    await expect.poll(() => signedInAs(page)).toBe(wallet.address)
    expect(wallet.signatureCalls()).toEqual(['personal_sign', 'personal_sign'])
  })

  test('a wallet moved to another chain is told so, and the rent panel switches it back', async () => {
    const { page, wallet } = await session(renterKey)
    const offer = await liveOffer(stack, 'frankfurt-h100', 1)
    await page.goto(offer.path)
    await connectAndSignIn(page, wallet)
    const rent = page.getByRole('region', { name: 'Rent this offer' })
    await rent.getByRole('button', { name: /^Rent for [\d.]+ USDC$/ }).waitFor()

    // The user picks Ethereum mainnet in the wallet.
    await wallet.changeChain(1)
    await page.getByRole('banner').getByRole('button', { name: 'Wrong network' }).waitFor()
    const switchBack = rent.getByRole('button', { name: 'Switch to Anvil (local)' })
    await switchBack.waitFor()
    await screenshots(page, stack, 'offer-wrong-network')
    await switchBack.click()
    await expect.poll(() => wallet.chainId).toBe(31337)
    await rent.getByRole('button', { name: /^Rent for [\d.]+ USDC$/ }).waitFor()
    await accountButton(page, wallet.address).waitFor()
    // Switching asked for no signature: only the sign-in's.
    expect(wallet.signatureCalls()).toEqual(['personal_sign'])
  })
})
