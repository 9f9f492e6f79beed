import type { Address, Hash } from 'viem'
import type { Config } from 'wagmi'
import { getAccount, simulateContract, switchChain, writeContract } from 'wagmi/actions'
import { approveIfShort, waitMined } from '@/lib/chain/wallet-calls'
import { marketAbiWithTokenErrors } from '@/lib/chain/wallet-errors'

/** The rental a call is about and the market (chain and contract) that holds it. */
export type RentalTarget = { id: bigint; market: Address; chainId: number; token: Address }

/** Where a renter's transaction flow is, for the button and the line beside it. */
export type CallStage = 'switching' | 'approving' | 'approval-mining' | 'confirming' | 'mining'
export type OnStage = (stage: CallStage) => void

export type CallContext = { config: Config; target: RentalTarget; account: Address; onStage: OnStage }

/** The connected account, on the rental's chain (asking the wallet to switch when it is elsewhere). */
export async function senderOn(config: Config, target: RentalTarget, onStage: OnStage): Promise<Address> {
  const account = getAccount(config)
  if (!account.address) throw new Error('Connect your wallet first.')
  if (account.chainId !== target.chainId) {
    onStage('switching')
    await switchChain(config, { chainId: target.chainId })
  }
  return account.address
}

/** A mined transaction's hash, or an error saying the chain reverted it. */
async function mined(context: CallContext, hash: Hash, stage: CallStage = 'mining'): Promise<Hash> {
  context.onStage(stage)
  await waitMined(context.config, hash, context.target.chainId)
  return hash
}

const onMarket = ({ target, account }: CallContext) =>
  ({ address: target.market, abi: marketAbiWithTokenErrors, account, chainId: target.chainId }) as const

// Each call is simulated first, so a revert is explained by name before the wallet asks anything.

export async function stopRental(context: CallContext): Promise<Hash> {
  context.onStage('confirming')
  const { request } = await simulateContract(context.config, {
    ...onMarket(context),
    functionName: 'stop',
    args: [context.target.id],
  })
  return mined(context, await writeContract(context.config, request))
}

export async function cancelRental(context: CallContext): Promise<Hash> {
  context.onStage('confirming')
  const { request } = await simulateContract(context.config, {
    ...onMarket(context),
    functionName: 'cancel',
    args: [context.target.id],
  })
  return mined(context, await writeContract(context.config, request))
}

/** `settleNoShow(id)`: anyone may call it once the provider has let the start window pass. */
export async function settleNoShow(context: CallContext): Promise<Hash> {
  context.onStage('confirming')
  const { request } = await simulateContract(context.config, {
    ...onMarket(context),
    functionName: 'settleNoShow',
    args: [context.target.id],
  })
  return mined(context, await writeContract(context.config, request))
}

/** `withdraw(token)`: takes out every payout credited to the caller in the rental's token. */
export async function withdrawCredit(context: CallContext): Promise<Hash> {
  context.onStage('confirming')
  const { request } = await simulateContract(context.config, {
    ...onMarket(context),
    functionName: 'withdraw',
    args: [context.target.token],
  })
  return mined(context, await writeContract(context.config, request))
}

/**
 * `extend` pulls the extra deposit with transferFrom and takes no permit, so unless the allowance
 * already covers it the renter first approves exactly that amount (a second transaction either way).
 */
export async function extendRental(context: CallContext, seconds: number, amount: bigint): Promise<Hash> {
  const { config, target, account } = context
  await approveIfShort(
    config,
    { token: target.token, owner: account, spender: target.market, amount, chainId: target.chainId },
    { approving: () => context.onStage('approving'), mining: () => context.onStage('approval-mining') },
  )
  context.onStage('confirming')
  const { request } = await simulateContract(config, {
    ...onMarket(context),
    functionName: 'extend',
    args: [target.id, seconds],
  })
  return mined(context, await writeContract(config, request))
}
