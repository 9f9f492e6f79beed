import { type Address, erc20Abi, type Hash, type Hex, type TransactionReceipt } from 'viem'
import type { Config } from 'wagmi'
import { readContract, simulateContract, writeContract } from 'wagmi/actions'
import type { MarketContracts } from '@/lib/chain/market-contracts'
import { approveIfShort, waitMined } from '@/lib/chain/wallet-calls'
import { marketAbiWithTokenErrors } from '@/lib/chain/wallet-errors'

/** Who sends, and to which market: every provider transaction needs both. */
export type CallContext = { config: Config; contracts: MarketContracts; account: Address }

/** Progress of a transaction flow, for the button and the status line next to it. */
export type CallStage = 'approving' | 'confirming' | 'mining'
export type OnStage = (stage: CallStage) => void

/** A mined transaction, or an error whose sentence says that the chain reverted it. */
async function mined({ config, contracts }: CallContext, hash: Hash, onStage: OnStage) {
  onStage('mining')
  return waitMined(config, hash, contracts.chainId)
}

/**
 * Lets the market pull `amount` of the stake token (registerProvider and addStake transfer it in).
 * The token has a permit, but these calls take no permit, so a permit would still need a second
 * transaction.
 */
export function ensureStakeAllowance(
  { config, contracts, account }: CallContext,
  amount: bigint,
  onStage: OnStage,
) {
  const { token, market: spender, chainId } = contracts
  return approveIfShort(
    config,
    { token, owner: account, spender, amount, chainId },
    { approving: () => onStage('approving'), mining: () => onStage('mining') },
  )
}

const onMarket = ({ contracts, account }: CallContext) =>
  ({ address: contracts.market, abi: marketAbiWithTokenErrors, account, chainId: contracts.chainId }) as const

// Each call is simulated first, so a revert is explained by name before the wallet asks anything.

export async function registerProvider(
  context: CallContext,
  endpoint: string,
  stake: bigint,
  onStage: OnStage,
) {
  await ensureStakeAllowance(context, stake, onStage)
  onStage('confirming')
  const { request } = await simulateContract(context.config, {
    ...onMarket(context),
    functionName: 'registerProvider',
    args: [endpoint, stake],
  })
  return mined(context, await writeContract(context.config, request), onStage)
}

export async function updateEndpoint(context: CallContext, endpoint: string, onStage: OnStage) {
  onStage('confirming')
  const { request } = await simulateContract(context.config, {
    ...onMarket(context),
    functionName: 'updateEndpoint',
    args: [endpoint],
  })
  return mined(context, await writeContract(context.config, request), onStage)
}

export async function addStake(context: CallContext, amount: bigint, onStage: OnStage) {
  await ensureStakeAllowance(context, amount, onStage)
  onStage('confirming')
  const { request } = await simulateContract(context.config, {
    ...onMarket(context),
    functionName: 'addStake',
    args: [amount],
  })
  return mined(context, await writeContract(context.config, request), onStage)
}

export async function withdrawStake(context: CallContext, amount: bigint, onStage: OnStage) {
  onStage('confirming')
  const { request } = await simulateContract(context.config, {
    ...onMarket(context),
    functionName: 'withdrawStake',
    args: [amount],
  })
  return mined(context, await writeContract(context.config, request), onStage)
}

/**
 * One `claimEarned(offerIds)` for every rental named by its offer id: the market pays them in one transfer
 * per token, and releases the stake held by declined and cancelled ones.
 */
export async function claimRentals(context: CallContext, offerIds: readonly Hex[], onStage: OnStage) {
  onStage('confirming')
  const { request } = await simulateContract(context.config, {
    ...onMarket(context),
    functionName: 'claimEarned',
    args: [offerIds],
  })
  return mined(context, await writeContract(context.config, request), onStage)
}

/** `settleNoShow(id)`: a pending rental past its start window; the renter is refunded, the stake released. */
export async function settleNoShow(context: CallContext, id: bigint, onStage: OnStage) {
  onStage('confirming')
  const { request } = await simulateContract(context.config, {
    ...onMarket(context),
    functionName: 'settleNoShow',
    args: [id],
  })
  return mined(context, await writeContract(context.config, request), onStage)
}

/** `withdraw(token)`: every payout credited to the provider in `token`, which the token refused before. */
export async function withdrawCredit(context: CallContext, token: Address, onStage: OnStage) {
  onStage('confirming')
  const { request } = await simulateContract(context.config, {
    ...onMarket(context),
    functionName: 'withdraw',
    args: [token],
  })
  return mined(context, await writeContract(context.config, request), onStage)
}

/** The account's stake-token balance at `receipt`'s block: what a payout left it with, exactly. */
export function balanceAfter({ config, contracts, account }: CallContext, receipt: TransactionReceipt) {
  return readContract(config, {
    address: contracts.token,
    abi: erc20Abi,
    functionName: 'balanceOf',
    args: [account],
    chainId: contracts.chainId,
    blockNumber: receipt.blockNumber,
  })
}
