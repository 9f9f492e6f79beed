import { erc20Abi, parseUnits } from 'viem'
import type { AgentConfig } from '../core/config'
import { MarketChain } from '../core/market-chain'

/**
 * `weft-agent register`: registers the provider with its endpoint and stake, or brings an existing
 * registration up to date (endpoint changed, stake below the configured amount).
 */
export async function registerCommand(config: AgentConfig): Promise<number> {
  const chain = new MarketChain(config.rpcUrl, config.chainId, config.market, config.providerKey)
  const stake = parseUnits(config.stake, config.tokenDecimals)
  const [id, current, , , endpoint] = await chain.getProvider(chain.address)
  const needed = id === 0 ? stake : stake > current ? stake - current : 0n
  if (needed > 0n) {
    const allowance = await chain.client.readContract({
      address: config.token,
      abi: erc20Abi,
      functionName: 'allowance',
      args: [chain.address, config.market],
    })
    if (allowance < needed) await chain.approve(config.token, needed)
  }
  if (id === 0) {
    const receipt = await chain.send({ functionName: 'registerProvider', args: [config.endpoint, stake] })
    console.log(
      `registered ${chain.address} at ${config.endpoint} with stake ${config.stake} (tx ${receipt.transactionHash})`,
    )
    return 0
  }
  if (endpoint !== config.endpoint) {
    const receipt = await chain.send({ functionName: 'updateEndpoint', args: [config.endpoint] })
    console.log(`endpoint updated to ${config.endpoint} (tx ${receipt.transactionHash})`)
  }
  if (needed > 0n) {
    const receipt = await chain.send({ functionName: 'addStake', args: [needed] })
    console.log(`stake topped up to ${config.stake} (tx ${receipt.transactionHash})`)
  }
  if (endpoint === config.endpoint && needed === 0n)
    console.log(`${chain.address} is registered and up to date`)
  return 0
}
