import { type Address, createPublicClient, defineChain, http } from 'viem'
import { anvil } from 'viem/chains'
import { TestUSDC, WeftMarket } from '../../lib/chain/generated'

/** The chain the end-to-end stack runs: anvil's chain id, the stack's own RPC port. */
export const e2eChain = defineChain({ ...anvil, name: 'Anvil (e2e)' })

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
