import { randomBytes } from 'node:crypto'
import {
  type Abi,
  type Account,
  type Address,
  BaseError,
  ContractFunctionRevertedError,
  createPublicClient,
  createTestClient,
  createWalletClient,
  encodeFunctionData,
  getAddress,
  type Hex,
  http,
  maxUint256,
  toHex,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { foundry } from 'viem/chains'
import { expect } from 'vitest'
import { type Anvil, startAnvil } from '../../lib/chain/anvil'
import { anvilKeys } from '../../lib/chain/anvil-accounts'
import { TestUSDC, WeftMarket } from '../../lib/chain/generated'
import { newOfferId } from '../../lib/chain/offer-id'
import { type Offer, offerTypedData } from '../../lib/chain/offer-typed-data'
import { defaultMarketParams, deployContracts, type MarketParams } from '../../scripts/lib/deploy-contracts'
import { UsdcLikeProxy, UsdcLikeToken } from './generated-mocks'

export const USDC = 1_000_000n
export const HOUR = 3600

/** Sealed job spec bytes as `rent` carries them: ciphertext, so random bytes stand in for one. */
export const randomSealedSpec = (bytes = 64): Hex => toHex(randomBytes(bytes))

/**
 * The market's stake token (also payment token 1): `test` is TestUSDC (anyone mints); `usdc-like` is
 * UsdcLikeToken behind UsdcLikeProxy, whose admin (the deployer) mints, blacklists and pauses.
 */
export type StakeTokenKind = 'test' | 'usdc-like'

/**
 * A fresh anvil with WeftMarket and its stake token deployed, funded actors and one registered
 * provider.
 */
export async function createWorld(
  params: MarketParams = { ...defaultMarketParams, minStake: 100n * USDC },
  options: { token?: StakeTokenKind } = {},
) {
  const tokenKind = options.token ?? 'test'
  const anvil: Anvil = await startAnvil()
  const chain = { ...foundry, rpcUrls: { default: { http: [anvil.rpcUrl] } } }
  const transport = http(anvil.rpcUrl)
  const publicClient = createPublicClient({ chain, transport, pollingInterval: 50 })
  const testClient = createTestClient({ chain, transport, mode: 'anvil' })
  const accounts = anvilKeys.map((key) => privateKeyToAccount(key))
  const walletFor = (account: Account) => createWalletClient({ account, chain, transport })
  const [deployerAccount, providerAccount, renterAccount, strangerAccount, provider2Account] = accounts as [
    Account,
    Account,
    Account,
    Account,
    Account,
  ]
  const deployer = walletFor(deployerAccount)
  let stakeToken: Address | undefined
  if (tokenKind === 'usdc-like') {
    const deployed = async (abi: Abi, bytecode: Hex, args: readonly unknown[] = []) => {
      const hash = await deployer.deployContract({ abi, bytecode, args })
      const { contractAddress } = await publicClient.waitForTransactionReceipt({ hash })
      if (!contractAddress) throw new Error('deployment returned no address')
      return contractAddress
    }
    const implementation = await deployed(UsdcLikeToken.abi, UsdcLikeToken.bytecode)
    const init = encodeFunctionData({
      abi: UsdcLikeToken.abi,
      functionName: 'initialize',
      args: [deployerAccount.address],
    })
    stakeToken = await deployed(UsdcLikeProxy.abi, UsdcLikeProxy.bytecode, [implementation, init])
  }
  const deployment = await deployContracts({ wallet: deployer, publicClient }, { params, token: stakeToken })
  const market = deployment.market
  const usdc = getAddress(deployment.token)
  /** The offer id of every rental this world created, by rental id. */
  const offerIds = new Map<bigint, Hex>()

  async function send(
    account: Account,
    address: Address,
    abi: Abi,
    functionName: string,
    args: readonly unknown[] = [],
  ) {
    const { request } = await publicClient.simulateContract({ account, address, abi, functionName, args })
    const hash = await walletFor(account).writeContract(request)
    const receipt = await publicClient.waitForTransactionReceipt({ hash })
    if (receipt.status !== 'success') throw new Error(`${functionName} reverted on-chain`)
    return receipt
  }
  const sendMarket = (account: Account, functionName: string, args: readonly unknown[] = []) =>
    send(account, market, WeftMarket.abi, functionName, args)

  /** Mints stake tokens to `to`: anyone may mint TestUSDC; the USDC-shaped token's admin mints it. */
  const mint = (to: Address, amount: bigint) =>
    tokenKind === 'usdc-like'
      ? send(deployerAccount, usdc, UsdcLikeToken.abi, 'mint', [to, amount])
      : send(deployerAccount, usdc, TestUSDC.abi, 'mint', [to, amount])

  for (const account of accounts.slice(1, 6)) {
    await mint(account.address, 1_000_000n * USDC)
    await send(account, usdc, TestUSDC.abi, 'approve', [market, maxUint256])
  }
  await sendMarket(providerAccount, 'registerProvider', ['https://provider.example', 1000n * USDC])

  async function now(): Promise<number> {
    const block = await publicClient.getBlock()
    return Number(block.timestamp)
  }

  return {
    anvil,
    chain,
    publicClient,
    testClient,
    deployment,
    market,
    usdc,
    tokenKind,
    mint,
    accounts,
    deployer: deployerAccount,
    provider: providerAccount,
    renter: renterAccount,
    stranger: strangerAccount,
    provider2: provider2Account,
    walletFor,
    send,
    sendMarket,
    now,
    /** An offer from `provider` with sensible defaults (2 USDC/h, 1 min to 24 h, expiring in 10 min). */
    async makeOffer(overrides: Partial<Offer> = {}): Promise<Offer> {
      return {
        provider: providerAccount.address,
        offerId: newOfferId(),
        gpuModel: 'H100 SXM 80GB',
        gpuCount: 1,
        vramMiB: 81_559,
        token: usdc,
        pricePerHour: 2n * USDC,
        minDuration: 60,
        maxDuration: 24 * HOUR,
        expiresAt: BigInt((await now()) + 600),
        ...overrides,
      }
    },
    /** EIP-712 signature of `offer` by `signer` for this chain and market (overridable for attacks). */
    sign(
      offer: Offer,
      signer: Account = providerAccount,
      domain: { chainId?: number; market?: Address } = {},
    ) {
      if (!signer.signTypedData) throw new Error('account cannot sign typed data')
      return signer.signTypedData(offerTypedData(domain.chainId ?? chain.id, domain.market ?? market, offer))
    },
    /** Fills `offer` now with `sealedSpec` (random bytes by default); remembers the rental's offer id. */
    async rent(
      offer: Offer,
      duration: number,
      renter: Account = renterAccount,
      signature?: Hex,
      sealedSpec: Hex = randomSealedSpec(),
    ) {
      const sig = signature ?? (await this.sign(offer))
      const id = (await publicClient.readContract({
        address: market,
        abi: WeftMarket.abi,
        functionName: 'rentalId',
        args: [offer.provider, offer.offerId],
      })) as bigint
      this.remember(id, offer.offerId)
      const receipt = await sendMarket(renter, 'rent', [offer, sig, duration, sealedSpec])
      return { id, offerId: offer.offerId, receipt, sealedSpec }
    },
    /** Records that rental `id` was (or is about to be) created from offer `offerId`. */
    remember(id: bigint, offerId: Hex) {
      offerIds.set(id, offerId)
    },
    /** The offer id a provider names rental `id` by (start, decline, finish, claim). */
    offerIdOf(id: bigint): Hex {
      const offerId = offerIds.get(id)
      if (!offerId) throw new Error(`rental ${id} was not created through this world`)
      return offerId
    },
    /** The credit the market holds for `account` in `token` (payouts the token refused). */
    async credit(account: Address, token: Address = usdc): Promise<bigint> {
      return (await publicClient.readContract({
        address: market,
        abi: WeftMarket.abi,
        functionName: 'credit',
        args: [account, token],
      })) as bigint
    },
    /** Sets the timestamp of the next mined block (and so of the next transaction). */
    async setNextTimestamp(timestamp: number) {
      await testClient.setNextBlockTimestamp({ timestamp: BigInt(timestamp) })
    },
    async travel(seconds: number) {
      await testClient.increaseTime({ seconds })
      await testClient.mine({ blocks: 1 })
    },
    async balance(address: Address, token: Address = usdc): Promise<bigint> {
      return (await publicClient.readContract({
        address: token,
        abi: TestUSDC.abi,
        functionName: 'balanceOf',
        args: [address],
      })) as bigint
    },
    async rental(id: bigint) {
      return publicClient.readContract({
        address: market,
        abi: WeftMarket.abi,
        functionName: 'getRental',
        args: [id],
      })
    },
    async snapshot(): Promise<Hex> {
      return testClient.snapshot()
    },
    async revert(id: Hex) {
      await testClient.revert({ id })
    },
    stop: () => anvil.stop(),
  }
}

export type World = Awaited<ReturnType<typeof createWorld>>

/**
 * Asserts that `action` reverts with the custom error `errorName` (found anywhere in viem's error
 * chain) and, when `args` is given, with exactly those arguments.
 */
export async function expectRevert(action: Promise<unknown>, errorName: string, args?: readonly unknown[]) {
  let caught: unknown
  try {
    await action
  } catch (error) {
    caught = error
  }
  expect(caught, `expected a revert with ${errorName}`).toBeInstanceOf(BaseError)
  const revert = (caught as BaseError).walk((e) => e instanceof ContractFunctionRevertedError)
  const data = revert instanceof ContractFunctionRevertedError ? revert.data : undefined
  expect(data?.errorName ?? (caught as BaseError).shortMessage).toBe(errorName)
  if (args) expect(data?.args ?? []).toEqual(args)
}
