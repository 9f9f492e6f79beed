import { createWalletClient, type Hex, http } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { TestUSDC, WeftMarket } from '../../lib/chain/generated'
import { cost } from '../../lib/chain/pricing'
import type { JobSpec } from '../../lib/jobs/job-spec'
import { providerSealingKey, sealJobSpec } from '../../lib/jobs/sealed-spec'
import { offerTuple, rentalIdOf } from '../../lib/rent/rent-chain'
import type { E2eStackInfo } from '../stack/provided'
import { chainReader, e2eChain } from './chain'
import type { ListedOffer } from './offers'

/**
 * A second renter beside the browser's: rents a listed offer straight on the chain (approve, then
 * `rent` with the spec sealed to the provider, as the rent panel seals it), and stops its rentals.
 */
export function chainRenter(stack: E2eStackInfo, key: Hex) {
  const account = privateKeyToAccount(key)
  const wallet = createWalletClient({ account, chain: e2eChain, transport: http(stack.rpcUrl) })
  const { client } = chainReader(stack.rpcUrl, stack)
  const mined = async (hash: Hex) => {
    const receipt = await client.waitForTransactionReceipt({ hash })
    if (receipt.status !== 'success') throw new Error(`transaction ${hash} reverted`)
    return receipt
  }
  return {
    address: account.address,
    async rent(
      listed: ListedOffer,
      seconds: number,
      spec: JobSpec,
    ): Promise<{ id: bigint; deposit: bigint }> {
      const offer = offerTuple(listed.offer)
      const deposit = cost(offer.pricePerHour, seconds)
      await mined(
        await wallet.writeContract({
          address: stack.token,
          abi: TestUSDC.abi,
          functionName: 'approve',
          args: [stack.market, deposit],
        }),
      )
      const key = await providerSealingKey(e2eChain.id, stack.market, offer, listed.signature)
      await mined(
        await wallet.writeContract({
          address: stack.market,
          abi: WeftMarket.abi,
          functionName: 'rent',
          args: [offer, listed.signature, seconds, sealJobSpec(spec, key)],
        }),
      )
      return { id: rentalIdOf(offer.provider, offer.offerId), deposit }
    },
    async stop(id: bigint): Promise<void> {
      await mined(
        await wallet.writeContract({
          address: stack.market,
          abi: WeftMarket.abi,
          functionName: 'stop',
          args: [id],
        }),
      )
    },
  }
}
