import { describe, expect, test } from 'vitest'
import { anvilKeys } from '../lib/chain/anvil-accounts'
import { screenshots } from './harness/browser'
import { liveOffer } from './harness/offers'
import { useBrowser } from './harness/setup-file'
import { accountButton, connectWallet, signedInAs, signMessage } from './harness/wallet-ui'

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

    // The session and the connection survive a reload.
    await page.reload()
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

  test('a wallet on another chain is told so, and the rent panel switches it to the app’s chain', async () => {
    const { page, wallet } = await session(renterKey, { chainId: 1 })
    const offer = await liveOffer(stack, 'frankfurt-h100', 1)
    await page.goto(offer.path)
    // The wallet refuses the switch RainbowKit asks for while connecting, so it stays on chain 1.
    wallet.refuseNextChainSwitch()
    await connectWallet(page, wallet)
    await page.getByRole('banner').getByRole('button', { name: 'Wrong network' }).waitFor()
    const rent = page.getByRole('region', { name: 'Rent this offer' })
    const switchButton = rent.getByRole('button', { name: 'Switch to Anvil (local)' })
    await switchButton.waitFor()
    await screenshots(page, stack, 'offer-wrong-network')
    expect(wallet.chainId).toBe(1)
    expect(wallet.signatureCalls()).toEqual([])
    await switchButton.click()
    await expect.poll(() => wallet.chainId).toBe(31337)
    await page
      .getByRole('banner')
      .getByRole('button', { name: 'Wrong network' })
      .waitFor({ state: 'detached' })
    await accountButton(page, wallet.address).waitFor()
  })
})
