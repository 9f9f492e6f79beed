import type { Account, Address, Chain, Hash, PublicClient, Transport, WalletClient } from 'viem'
import { TestUSDC, WeftMarket } from '../../lib/chain/generated'

export type MarketParams = {
  /** Minimum provider stake, in stake-token base units. */
  minStake: bigint
  /** Seconds a provider has to start a rental before the renter may cancel with compensation. */
  startWindow: number
  /** Seconds of the rental's price paid from the provider's stake on such a cancel. */
  compensationSeconds: number
}

export const defaultMarketParams: MarketParams = {
  minStake: 0n,
  startWindow: 15 * 60,
  compensationSeconds: 3600,
}

export type Deployment = {
  chainId: number
  market: Address
  token: Address
  testToken: boolean
  deployBlock: string
  owner: Address
  params: { minStake: string; startWindow: number; compensationSeconds: number }
}

type Clients = {
  wallet: WalletClient<Transport, Chain, Account>
  publicClient: PublicClient
}

async function mined({ publicClient }: Clients, hash: Hash) {
  const receipt = await publicClient.waitForTransactionReceipt({ hash })
  if (receipt.status !== 'success') throw new Error(`transaction ${hash} reverted`)
  return receipt
}

/**
 * Deploys WeftMarket (and, when no payment token is given, a TestUSDC). The token is the stake token,
 * which the market allows as payment token 1 from its constructor.
 */
export async function deployContracts(
  clients: Clients,
  options: { token?: Address; params?: MarketParams } = {},
): Promise<Deployment> {
  const { wallet } = clients
  const params = options.params ?? defaultMarketParams
  let token = options.token
  if (!token) {
    const receipt = await mined(
      clients,
      await wallet.deployContract({ abi: TestUSDC.abi, bytecode: TestUSDC.bytecode }),
    )
    if (!receipt.contractAddress) throw new Error('TestUSDC deployment returned no address')
    token = receipt.contractAddress
  }
  const owner = wallet.account.address
  const receipt = await mined(
    clients,
    await wallet.deployContract({
      abi: WeftMarket.abi,
      bytecode: WeftMarket.bytecode,
      args: [owner, token, params.minStake, params.startWindow, params.compensationSeconds],
    }),
  )
  const market = receipt.contractAddress
  if (!market) throw new Error('WeftMarket deployment returned no address')
  return {
    chainId: wallet.chain.id,
    market,
    token,
    testToken: !options.token,
    deployBlock: receipt.blockNumber.toString(),
    owner,
    params: { ...params, minStake: params.minStake.toString() },
  }
}
