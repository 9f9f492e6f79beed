import { type Address, erc20Abi, type Hash, type TransactionReceipt } from 'viem'
import type { Config } from 'wagmi'
import { readContract, simulateContract, waitForTransactionReceipt, writeContract } from 'wagmi/actions'

/** Waits for `hash` to be mined; a reverted transaction is an error whose sentence says so. */
export async function waitMined(config: Config, hash: Hash, chainId: number): Promise<TransactionReceipt> {
  const receipt = await waitForTransactionReceipt(config, { hash, chainId })
  if (receipt.status !== 'success')
    throw new Error(`Transaction ${hash} was mined but reverted, so nothing changed. Reload and retry.`)
  return receipt
}

/**
 * Lets `spender` pull `amount` of `token` from `owner` (for market calls that take no permit):
 * approves exactly that amount, simulated first, unless the allowance already covers it. The
 * callbacks report when the wallet is asked and when the approval is being mined.
 */
export async function approveIfShort(
  config: Config,
  allowance: { token: Address; owner: Address; spender: Address; amount: bigint; chainId: number },
  stages: { approving: () => void; mining: () => void },
): Promise<void> {
  const { token, owner, spender, amount, chainId } = allowance
  const current = await readContract(config, {
    address: token,
    abi: erc20Abi,
    functionName: 'allowance',
    args: [owner, spender],
    chainId,
  })
  if (current >= amount) return
  stages.approving()
  const { request } = await simulateContract(config, {
    address: token,
    abi: erc20Abi,
    functionName: 'approve',
    args: [spender, amount],
    account: owner,
    chainId,
  })
  const hash = await writeContract(config, request)
  stages.mining()
  await waitMined(config, hash, chainId)
}
