import { type Address, type ContractEventArgsFromTopics, createPublicClient, defineChain, http } from 'viem'
import { anvil } from 'viem/chains'
import { TestUSDC, WeftMarket } from '../../lib/chain/generated'

/** The chain the end-to-end stack runs: anvil's chain id, the stack's own RPC port. */
export const e2eChain = defineChain({ ...anvil, name: 'Anvil (e2e)' })

type MarketAbi = typeof WeftMarket.abi
/** The market's events that name a rental by its id. */
export type RentalEventName = 'Rented' | 'Started' | 'Stopped' | 'Finished' | 'Declined' | 'Cancelled'
export type RentalEventArgs<N extends RentalEventName> = ContractEventArgsFromTopics<MarketAbi, N>

/** Reads from the test chain, for assertions that check what the page shows against the chain. */
export function chainReader(rpcUrl: string, deployment: { market: Address; token: Address }) {
  const client = createPublicClient({ chain: e2eChain, transport: http(rpcUrl) })
  return {
    client,
    usdcBalance: (owner: Address) =>
      client.readContract({
        address: deployment.token,
        abi: TestUSDC.abi,
        functionName: 'balanceOf',
        args: [owner],
      }),
    accrued: (rentalId: bigint) =>
      client.readContract({
        address: deployment.market,
        abi: WeftMarket.abi,
        functionName: 'accrued',
        args: [rentalId],
      }),
    rental: (rentalId: bigint) =>
      client.readContract({
        address: deployment.market,
        abi: WeftMarket.abi,
        functionName: 'getRental',
        args: [rentalId],
      }),
    /**
     * The rental's one event of `eventName` (Rented, Finished, Declined…), decoded with the ABI and
     * matched on its decoded `id` (never on raw topics), or undefined while there is none.
     */
    event: async <N extends RentalEventName>(eventName: N, rentalId: bigint) => {
      const logs = await client.getContractEvents({
        address: deployment.market,
        abi: WeftMarket.abi,
        eventName,
        fromBlock: 0n,
      })
      return logs.find((log) => (log.args as { id?: bigint }).id === rentalId)?.args as
        | RentalEventArgs<N>
        | undefined
    },
    /** Raw JSON-RPC on the test chain (evm_increaseTime, evm_mine, …). */
    rpc: async (method: string, params: unknown[] = []) => {
      const response = await fetch(rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
      })
      return response.json()
    },
  }
}
