import { type Address, createWalletClient, encodeFunctionData, type Hex, http, maxUint256 } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, test } from 'vitest'
import { UsdcLikeProxy, UsdcLikeToken } from '../contracts/test/generated-mocks'
import { anvilKeys } from '../lib/chain/anvil-accounts'
import { WeftMarket } from '../lib/chain/generated'
import { newOfferId } from '../lib/chain/offer-id'
import { type Offer, offerTypedData } from '../lib/chain/offer-typed-data'
import { cost } from '../lib/chain/pricing'
import { DeclineReason, RentalStatus } from '../lib/chain/rental-status'
import { formatUsdcFigure } from '../lib/format/token-amount'
import { providerSealingKey, sealJobSpec } from '../lib/jobs/sealed-spec'
import { rentalIdOf } from '../lib/rent/rent-chain'
import { eventually } from '../test-support/eventually'
import { screenshots } from './harness/browser'
import { chainReader, e2eChain } from './harness/chain'
import { useBrowser } from './harness/setup-file'
import { connectAndSignIn } from './harness/wallet-ui'

const ownerKey = anvilKeys[0] ?? '0x' // deploys the market (demo-deploy.ts) and here the token
const renterKey = anvilKeys[3] ?? '0x'
const providerKey = anvilKeys[6] ?? '0x' // frankfurt-h100's key in demo-fleets.ts
const USDC = 1_000_000n
const SECONDS = 600

/**
 * A payout the token refuses never blocks the rental and is never lost: with a USDC-shaped token
 * (proxy, blacklist, pause) paused just as the provider refunds a rental, the refund is credited to
 * the renter, the rental page says so, and its Withdraw button takes it out once the token allows it.
 */
describe('credited payouts', () => {
  const { stack, session } = useBrowser()
  const chain = chainReader(stack.rpcUrl, stack)
  const transport = http(stack.rpcUrl)
  const owner = privateKeyToAccount(ownerKey)
  const renter = privateKeyToAccount(renterKey)
  const provider = privateKeyToAccount(providerKey)
  const wallet = (account: typeof owner) => createWalletClient({ account, chain: e2eChain, transport })
  const mined = async (hash: Hex) => {
    const receipt = await chain.client.waitForTransactionReceipt({ hash })
    if (receipt.status !== 'success') throw new Error(`transaction ${hash} reverted`)
    return receipt
  }
  const tokenCall = (account: typeof owner, token: Address, functionName: string, args: unknown[] = []) =>
    wallet(account)
      .writeContract({ address: token, abi: UsdcLikeToken.abi, functionName, args } as never)
      .then(mined)
  const balanceOf = (token: Address, who: Address) =>
    chain.client.readContract({
      address: token,
      abi: UsdcLikeToken.abi,
      functionName: 'balanceOf',
      args: [who],
    })
  const creditOf = (token: Address, who: Address) =>
    chain.client.readContract({
      address: stack.market,
      abi: WeftMarket.abi,
      functionName: 'credit',
      args: [who, token],
    })

  test('a refund the paused token refused is credited, shown, and withdrawn from the rental page', async () => {
    // The token, allowed as a second payment token; the renter funded and approving.
    const implementation = (
      await mined(
        await wallet(owner).deployContract({ abi: UsdcLikeToken.abi, bytecode: UsdcLikeToken.bytecode }),
      )
    ).contractAddress
    if (!implementation) throw new Error('no token implementation deployed')
    const init = encodeFunctionData({
      abi: UsdcLikeToken.abi,
      functionName: 'initialize',
      args: [owner.address],
    })
    const token = (
      await mined(
        await wallet(owner).deployContract({
          abi: UsdcLikeProxy.abi,
          bytecode: UsdcLikeProxy.bytecode,
          args: [implementation, init],
        }),
      )
    ).contractAddress
    if (!token) throw new Error('no token proxy deployed')
    await mined(
      await wallet(owner).writeContract({
        address: stack.market,
        abi: WeftMarket.abi,
        functionName: 'setTokenAllowed',
        args: [token, true],
      }),
    )
    await tokenCall(owner, token, 'mint', [renter.address, 100n * USDC])
    await tokenCall(renter, token, 'approve', [stack.market, maxUint256])

    // An offer in that token under the provider's key, which its agent never listed: it declines it.
    const now = (await chain.client.getBlock()).timestamp
    const offer: Offer = {
      provider: provider.address,
      offerId: newOfferId(),
      gpuModel: 'H100 SXM 80GB',
      gpuCount: 1,
      vramMiB: 81_559,
      token,
      pricePerHour: 2n * USDC,
      minDuration: 60,
      maxDuration: 86_400,
      expiresAt: now + 600n,
    }
    const signature = await provider.signTypedData(offerTypedData(e2eChain.id, stack.market, offer))
    const key = await providerSealingKey(e2eChain.id, stack.market, offer, signature)
    const sealed = sealJobSpec({ command: ['sh', '-c', 'echo never runs'] }, key)
    const id = rentalIdOf(offer.provider, offer.offerId)
    const deposit = cost(offer.pricePerHour, SECONDS)

    // The rent and the pause land in one block, rent first, so the agent's decline meets a paused token.
    const fees = (tip: bigint) => ({
      gas: 1_000_000n,
      maxFeePerGas: 100_000_000_000n,
      maxPriorityFeePerGas: tip,
    })
    await chain.rpc('evm_setAutomine', [false])
    let hashes: Hex[]
    try {
      hashes = [
        await wallet(renter).writeContract({
          address: stack.market,
          abi: WeftMarket.abi,
          functionName: 'rent',
          args: [offer, signature, SECONDS, sealed],
          ...fees(2_000_000_000n),
        }),
        await wallet(owner).writeContract({
          address: token,
          abi: UsdcLikeToken.abi,
          functionName: 'pause',
          ...fees(1_000_000_000n),
        }),
      ]
      await chain.rpc('evm_mine')
    } finally {
      await chain.rpc('evm_setAutomine', [true])
    }
    const [rented, paused] = await Promise.all(hashes.map(mined))
    expect(rented?.blockNumber).toBe(paused?.blockNumber)
    expect(rented?.transactionIndex).toBeLessThan(paused?.transactionIndex ?? 0)

    const declined = await eventually('the provider to decline', () => chain.event('Declined', id), 90_000)
    expect(declined.reason).toBe(DeclineReason.Unspecified)
    expect(declined.refund).toBe(deposit)
    expect((await chain.rental(id)).status).toBe(RentalStatus.Declined)
    expect(await creditOf(token, renter.address)).toBe(deposit)
    expect(await balanceOf(token, renter.address)).toBe(100n * USDC - deposit)

    // The renter's rental page says the refund was credited, and why.
    const { page, wallet: browserWallet } = await session(renterKey)
    await page.goto(`${stack.appUrl}/rentals/${id}`)
    await connectAndSignIn(page, browserWallet)
    const notice = page.getByRole('region', { name: 'Credited payouts' })
    await notice.getByText(/credited because the token refused the transfer/).waitFor({ timeout: 60_000 })
    expect(await notice.textContent()).toContain(formatUsdcFigure(deposit))
    const withdraw = notice.getByRole('button', { name: /^Withdraw/ })
    await withdraw.waitFor({ timeout: 30_000 })
    await screenshots(page, stack, 'rental-credited')

    // Once the token allows transfers again, Withdraw pays exactly the credit, once.
    await tokenCall(owner, token, 'unpause')
    await withdraw.click()
    await eventually(
      'the credit to be withdrawn',
      async () => (await creditOf(token, renter.address)) === 0n,
      60_000,
    )
    expect(await balanceOf(token, renter.address)).toBe(100n * USDC)
    await notice
      .getByText(/withdrawn/i)
      .first()
      .waitFor({ timeout: 30_000 })
  })
})
