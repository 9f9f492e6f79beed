import { BaseError, ContractFunctionRevertedError, zeroHash } from 'viem'
import { describe, expect, test } from 'vitest'
import { anvilKeys } from '../lib/chain/anvil-accounts'
import { WeftMarket } from '../lib/chain/generated'
import { screenshots } from './harness/browser'
import { chainReader } from './harness/chain'
import { liveOffer } from './harness/offers'
import { useBrowser } from './harness/setup-file'
import { connectAndSignIn } from './harness/wallet-ui'
import { shortLivedFleet } from './stack/e2e-stack'

const renterKey = anvilKeys[2] ?? '0x'

describe('an expired offer', () => {
  const { stack, session } = useBrowser()
  const chain = chainReader(stack.rpcUrl, stack)

  test('is refused before anything is signed, and leads to the provider’s current offer', async () => {
    const { page, wallet } = await session(renterKey)
    // This fleet's offers live 30 s (e2e-stack.ts): the page stays open until this one is past.
    const listed = await liveOffer(stack, shortLivedFleet, 1)
    const { offer } = listed
    await page.goto(listed.path)
    await connectAndSignIn(page, wallet)
    const rent = page.getByRole('region', { name: 'Rent this offer' })
    await rent.getByLabel('Command').fill('echo never runs')
    await rent.getByRole('alert').filter({ hasText: 'This offer has expired' }).waitFor({ timeout: 60_000 })
    expect(Date.now() / 1000).toBeGreaterThan(Number(offer.expiresAt))

    // The chain agrees: a new block is past the expiry and `rent` reverts with OfferExpired.
    await chain.rpc('evm_mine')
    const attempt = chain.client.simulateContract({
      account: wallet.address,
      address: stack.market,
      abi: WeftMarket.abi,
      functionName: 'rent',
      args: [
        {
          ...offer,
          pricePerHour: BigInt(offer.pricePerHour),
          expiresAt: BigInt(offer.expiresAt),
        },
        listed.signature,
        3600,
        zeroHash,
      ],
    })
    const error = await attempt.then(
      () => undefined,
      (e: unknown) => e,
    )
    const reverted =
      error instanceof BaseError ? error.walk((e) => e instanceof ContractFunctionRevertedError) : undefined
    expect(reverted instanceof ContractFunctionRevertedError ? reverted.data?.errorName : error).toBe(
      'OfferExpired',
    )

    // Trying anyway asks the wallet for nothing and says why.
    await rent.getByRole('button', { name: /^Rent/ }).click()
    await rent.getByRole('alert').filter({ hasText: 'This offer has expired' }).first().waitFor()
    expect(wallet.signatureCalls()).toEqual(['personal_sign'])
    await screenshots(page, stack, 'offer-expired')

    // The way forward: the same provider's current offer for the same GPUs.
    await rent
      .getByRole('link', { name: /Open the provider’s current offer/ })
      .first()
      .click()
    await page.waitForURL(
      (url) => url.pathname.startsWith('/offers/') && !url.pathname.includes(offer.offerId),
    )
    expect(new URL(page.url()).searchParams.get('provider')).toBe(offer.provider)
    await page.getByRole('region', { name: 'Rent this offer' }).waitFor()
  })
})
