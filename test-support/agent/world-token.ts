import {
  type Account,
  type Address,
  type Chain,
  encodeFunctionData,
  type Hash,
  type PublicClient,
  type Transport,
  type WalletClient,
} from 'viem'
import { UsdcLikeProxy, UsdcLikeToken } from '@/contracts/test/generated-mocks'
import { TestUSDC } from '@/lib/chain/generated'

/**
 * The payment and stake token of a test world: `test` is TestUSDC (deployed with the market,
 * anyone mints); `usdc-like` is shaped like Circle's USDC behind its proxy, its admin (the world's
 * deployer) minting and able to pause every transfer, so the market's payouts can be made to fail.
 */
export type WorldTokenKind = 'test' | 'usdc-like'

type Admin = WalletClient<Transport, Chain, Account>

async function mined(publicClient: PublicClient, hash: Hash) {
  const receipt = await publicClient.waitForTransactionReceipt({ hash })
  if (receipt.status !== 'success') throw new Error(`transaction ${hash} reverted`)
  return receipt
}

/** Deploys the USDC-like token (initialised with `admin`); undefined for TestUSDC, which deployContracts deploys. */
export async function deployWorldToken(
  kind: WorldTokenKind,
  admin: Admin,
  publicClient: PublicClient,
): Promise<Address | undefined> {
  if (kind === 'test') return undefined
  const deploy = async (request: Parameters<Admin['deployContract']>[0]) => {
    const { contractAddress } = await mined(publicClient, await admin.deployContract(request))
    if (!contractAddress) throw new Error('a token deployment returned no address')
    return contractAddress
  }
  const implementation = await deploy({ abi: UsdcLikeToken.abi, bytecode: UsdcLikeToken.bytecode })
  const initData = encodeFunctionData({
    abi: UsdcLikeToken.abi,
    functionName: 'initialize',
    args: [admin.account.address],
  })
  return deploy({
    abi: UsdcLikeProxy.abi,
    bytecode: UsdcLikeProxy.bytecode,
    args: [implementation, initData],
  })
}

/** Mints as the admin (both tokens have the same `mint(to, amount)`; the USDC-like one lets only its admin). */
export async function mintWorldToken(
  admin: Admin,
  publicClient: PublicClient,
  token: Address,
  to: Address,
  amount: bigint,
) {
  const hash = await admin.writeContract({
    address: token,
    abi: TestUSDC.abi,
    functionName: 'mint',
    args: [to, amount],
  })
  await mined(publicClient, hash)
}

/** Pauses or unpauses every transfer of the USDC-like token. */
export async function pauseWorldToken(
  admin: Admin,
  publicClient: PublicClient,
  token: Address,
  paused: boolean,
) {
  const hash = await admin.writeContract({
    address: token,
    abi: UsdcLikeToken.abi,
    functionName: paused ? 'pause' : 'unpause',
  })
  await mined(publicClient, hash)
}
