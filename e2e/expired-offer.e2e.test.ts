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

  test('is refused before anything is signed, and points to the provider’s newer offer', async () => {
    const { page, wallet } = await session(renterKey)
    // This fleet's offers live 60 s (e2e-stack.ts): take the one closest to its end and keep the
    // page open until it is past.
    const listed = await liveOffer(stack, shortLivedFleet, 1, 10, 'soonest')
    const { offer } = listed
    await page.goto(listed.path)
    await connectAndSignIn(page, wallet)
    const rent = page.getByRole('region', { name: 'Rent this offer' })
    await rent.getByLabel('Command').fill('echo never runs')
    await rent.getByRole('alert').filter({ hasText: 'This offer has expired' }).waitFor({ timeout: 100_000 })
    expect(Date.now() / 1000).toBeGreaterThan(Number(offer.expiresAt))

    // The chain agrees: a block whose (whole-second) timestamp is past the expiry makes `rent`
    // revert with OfferExpired. The contract's check is strict, so wait out the expiry's second.
    await page.waitForTimeout(Math.max(0, (Number(offer.expiresAt) + 2) * 1000 - Date.now()))
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
    const refusal = rent.getByRole('alert').filter({ hasText: 'same GPUs; your job spec comes along' })
    expect(await refusal.count()).toBe(0)
    await rent.getByRole('button', { name: /^Rent/ }).click()
    await refusal.waitFor()
    expect(wallet.signatureCalls()).toEqual(['personal_sign'])
    await screenshots(page, stack, 'offer-expired')

    // The way forward: a link to another offer of the same provider. (Following it is left out:
    // the link is looked up once, when the warning appears, and the provider re-signs its offers
    // under new ids before this one expires, so by now it names an offer the market has dropped.)
    const link = rent.getByRole('link', { name: /Open the provider’s current offer/ }).first()
    const target = new URL((await link.getAttribute('href')) ?? '', stack.appUrl)
    expect(target.pathname).toMatch(/^\/offers\/0x[0-9a-f]{64}$/)
    expect(target.pathname).not.toContain(offer.offerId)
    expect(target.searchParams.get('provider')).toBe(offer.provider)
  })
})
