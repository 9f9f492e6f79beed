import { type Abi, type Account, type Address, getAddress, type Hex } from 'viem'
import { TestUSDC } from '../../lib/chain/generated'
import { permitTypedData, permitVrs } from '../../lib/chain/permit'
import type { Target } from './fixtures'
import { USDC, type World } from './harness'

/*
 * Tokens beside the world's TestUSDC: mocks that misbehave, a second USDC, allowlisting, funding,
 * and permits. Re-exported by fixtures.ts, where the tests take them from.
 */

/** Deploys a compiled artifact (a mock or a second TestUSDC) from the deployer. */
export async function deploy(
  w: World,
  artifact: { abi: Abi; bytecode: Hex },
  args: readonly unknown[] = [],
): Promise<Address> {
  const hash = await w
    .walletFor(w.deployer)
    .deployContract({ abi: artifact.abi, bytecode: artifact.bytecode, args })
  const receipt = await w.publicClient.waitForTransactionReceipt({ hash })
  if (!receipt.contractAddress) throw new Error('deployment returned no address')
  return getAddress(receipt.contractAddress)
}

export async function allowToken(w: World, token: Address, allowed = true) {
  return w.sendMarket(w.deployer, 'setTokenAllowed', [token, allowed])
}

/** Mints `amount` of a mock token (all mocks have a public `mint`) to `account` and approves the market. */
export async function fund(w: World, token: Target, account: Account, amount: bigint) {
  await w.send(account, token.address, token.abi, 'mint', [account.address, amount])
  await w.send(account, token.address, token.abi, 'approve', [w.market, amount * 10n])
}

/** Deploys a mock token, allowlists it and (unless told not to) funds and approves the renter. */
export async function hostileToken(
  w: World,
  artifact: { abi: Abi; bytecode: Hex },
  fundRenter = true,
): Promise<Target> {
  const address = await deploy(w, artifact)
  await allowToken(w, address)
  const token = { address, abi: artifact.abi }
  if (fundRenter) await fund(w, token, w.renter, 1000n * USDC)
  return token
}

/** A second 6-decimal token with permit, allowlisted, and everyone funded and approved. */
export async function secondUsdc(w: World): Promise<Address> {
  const token = await deploy(w, TestUSDC)
  await allowToken(w, token)
  for (const account of [w.provider, w.renter, w.stranger, w.provider2]) {
    await fund(w, { address: token, abi: TestUSDC.abi as Abi }, account, 1_000_000n * USDC)
  }
  return token
}

/** EIP-2612 permit signature for TestUSDC at `token`, split into (v, r, s). */
export async function signPermit(
  w: World,
  token: Address,
  owner: Account,
  spender: Address,
  value: bigint,
  deadline: bigint,
) {
  const nonce = (await w.publicClient.readContract({
    address: token,
    abi: TestUSDC.abi,
    functionName: 'nonces',
    args: [owner.address],
  })) as bigint
  if (!owner.signTypedData) throw new Error('account cannot sign typed data')
  const domain = { name: 'Test USD Coin', version: '1', chainId: w.chain.id, verifyingContract: token }
  const signature = await owner.signTypedData(
    permitTypedData(domain, { owner: owner.address, spender, value, nonce, deadline }),
  )
  return permitVrs(signature)
}
