/**
 * Gas used per WeftMarket call, read from receipts on a fresh anvil, with a 512-byte sealed job
 * spec. The renter and provider have used the contract and the token before (a warm-up rental runs
 * first), as in steady use. Measured twice: with TestUSDC, and with the USDC-shaped test token
 * (proxy, blacklist, pause, permit domain {"USD Coin", "2"}). Prints one JSON object and writes
 * bench/results/gas.json. Never gates CI.
 */
import { randomBytes } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import {
  type Abi,
  type Account,
  type Address,
  createPublicClient,
  createTestClient,
  createWalletClient,
  encodeFunctionData,
  type Hex,
  http,
  maxUint256,
  toHex,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { foundry } from 'viem/chains'
import { UsdcLikeProxy, UsdcLikeToken } from '../contracts/test/generated-mocks'
import { startAnvil } from '../lib/chain/anvil'
import { anvilKeys } from '../lib/chain/anvil-accounts'
import { TestUSDC, WeftMarket } from '../lib/chain/generated'
import { newOfferId } from '../lib/chain/offer-id'
import { type Offer, offerTypedData } from '../lib/chain/offer-typed-data'
import { permitTypedData, permitVrs } from '../lib/chain/permit'
import { cost } from '../lib/chain/pricing'
import { deployContracts } from '../scripts/lib/deploy-contracts'

const targets: Record<string, number> = {
  rent: 120_000,
  rentWithPermit: 150_000,
  start: 35_000,
  claim1: 45_000,
  stop: 55_000,
  finish: 55_000,
  decline: 50_000,
}
const SEALED_SPEC_BYTES = 512

type TokenKind = 'TestUSDC' | 'USDC-shaped'

async function measure(kind: TokenKind): Promise<Record<string, number>> {
  const anvil = await startAnvil()
  try {
    const chain = { ...foundry, rpcUrls: { default: { http: [anvil.rpcUrl] } } }
    const transport = http(anvil.rpcUrl)
    const publicClient = createPublicClient({ chain, transport, pollingInterval: 20 })
    const testClient = createTestClient({ chain, transport, mode: 'anvil' })
    const [deployer, provider, renter] = anvilKeys.slice(0, 3).map((k) => privateKeyToAccount(k)) as [
      Account,
      Account,
      Account,
    ]
    const wallet = (account: Account) => createWalletClient({ account, chain, transport })

    async function send(account: Account, to: Address, data: Hex) {
      const hash = await wallet(account).sendTransaction({ to, data })
      const receipt = await publicClient.waitForTransactionReceipt({ hash })
      if (receipt.status !== 'success') throw new Error(`transaction to ${to} reverted`)
      return receipt.gasUsed
    }
    async function deploy(abi: Abi, bytecode: Hex, args: readonly unknown[] = []): Promise<Address> {
      const hash = await wallet(deployer).deployContract({ abi, bytecode, args })
      const receipt = await publicClient.waitForTransactionReceipt({ hash })
      if (!receipt.contractAddress) throw new Error('deployment returned no address')
      return receipt.contractAddress
    }

    let token: Address | undefined
    let permitDomain = { name: 'Test USD Coin', version: '1' }
    let mintAs = (account: Account) => account
    if (kind === 'USDC-shaped') {
      const implementation = await deploy(UsdcLikeToken.abi, UsdcLikeToken.bytecode)
      const init = encodeFunctionData({
        abi: UsdcLikeToken.abi,
        functionName: 'initialize',
        args: [deployer.address],
      })
      token = await deploy(UsdcLikeProxy.abi, UsdcLikeProxy.bytecode, [implementation, init])
      permitDomain = { name: 'USD Coin', version: '2' }
      mintAs = () => deployer
    }
    const { market, token: paymentToken } = await deployContracts(
      { wallet: wallet(deployer), publicClient },
      { token },
    )

    type MarketCall = Parameters<typeof encodeFunctionData<typeof WeftMarket.abi>>[0]
    const call = (account: Account, request: Omit<MarketCall, 'abi'>) =>
      send(account, market, encodeFunctionData({ abi: WeftMarket.abi, ...request } as MarketCall))
    const tokenCall = (
      account: Account,
      functionName: 'mint' | 'approve',
      args: readonly [Address, bigint],
    ) => send(account, paymentToken, encodeFunctionData({ abi: TestUSDC.abi, functionName, args }))

    for (const account of [provider, renter]) {
      await tokenCall(mintAs(account), 'mint', [account.address, 10n ** 12n])
      await tokenCall(account, 'approve', [market, maxUint256])
    }
    await call(provider, {
      functionName: 'registerProvider',
      args: ['https://provider.example', 1000n * 10n ** 6n],
    })

    async function signedOffer(): Promise<{ offer: Offer; signature: Hex; id: bigint }> {
      const block = await publicClient.getBlock()
      const offer: Offer = {
        ...{
          provider: provider.address,
          offerId: newOfferId(),
          gpuModel: 'H100 SXM 80GB',
        },
        ...{ gpuCount: 8, vramMiB: 81_559, token: paymentToken, pricePerHour: 16_000_000n },
        ...{ minDuration: 60, maxDuration: 86_400, expiresAt: block.timestamp + 600n },
      }
      if (!provider.signTypedData) throw new Error('provider cannot sign')
      const signature = await provider.signTypedData(offerTypedData(chain.id, market, offer))
      const id = await publicClient.readContract({
        address: market,
        abi: WeftMarket.abi,
        functionName: 'rentalId',
        args: [offer.provider, offer.offerId],
      })
      return { offer, signature, id }
    }
    // A sealed spec is ciphertext: random bytes, as dear in calldata as a real one.
    const sealed = (): Hex => toHex(randomBytes(SEALED_SPEC_BYTES))
    const rent = async () => {
      const o = await signedOffer()
      const gas = await call(renter, { functionName: 'rent', args: [o.offer, o.signature, 3600, sealed()] })
      return { ...o, gas }
    }
    const travel = async (seconds: number) => {
      await testClient.increaseTime({ seconds })
      await testClient.mine({ blocks: 1 })
    }
    const startRental = (r: { offer: Offer }) =>
      call(provider, { functionName: 'start', args: [r.offer.offerId] })

    // Warm-up: both parties have used the contract and the token before.
    const warm = await rent()
    await startRental(warm)
    await travel(60)
    await call(provider, { functionName: 'claimEarned', args: [[warm.offer.offerId]] })

    const result: Record<string, number> = {}
    const first = await rent()
    result.rent = Number(first.gas)
    result.start = Number(await startRental(first))
    await travel(300)
    result.claim1 = Number(
      await call(provider, { functionName: 'claimEarned', args: [[first.offer.offerId]] }),
    )
    await travel(300)
    result.extend = Number(await call(renter, { functionName: 'extend', args: [first.id, 600] }))
    result.stop = Number(await call(renter, { functionName: 'stop', args: [first.id] }))

    const finished = await rent()
    await startRental(finished)
    await travel(120)
    result.finish = Number(await call(provider, { functionName: 'finish', args: [finished.offer.offerId] }))

    const ten = []
    for (let i = 0; i < 10; i++) ten.push(await rent())
    for (const r of ten) await startRental(r)
    await travel(300)
    result.claim10 = Number(
      await call(provider, { functionName: 'claimEarned', args: [ten.map((r) => r.offer.offerId)] }),
    )

    const declined = await rent()
    result.decline = Number(
      await call(provider, { functionName: 'decline', args: [declined.offer.offerId, 3] }),
    )
    const pending = await rent()
    result.cancel = Number(await call(renter, { functionName: 'cancel', args: [pending.id] }))
    const noShow = await rent()
    await travel(16 * 60)
    result.settleNoShow = Number(await call(provider, { functionName: 'settleNoShow', args: [noShow.id] }))

    // rentWithPermit: the renter signs an EIP-2612 permit for exactly the deposit instead of
    // approving. The first one warms the renter's permit nonce (as for a renter who has used a
    // permit before); the second is measured.
    await tokenCall(renter, 'approve', [market, 0n])
    const rentWithPermit = async () => {
      const p = await signedOffer()
      const deadline = (await publicClient.getBlock()).timestamp + 600n
      const nonce = await publicClient.readContract({
        address: paymentToken,
        abi: TestUSDC.abi,
        functionName: 'nonces',
        args: [renter.address],
      })
      if (!renter.signTypedData) throw new Error('renter cannot sign')
      const domain = { ...permitDomain, chainId: chain.id, verifyingContract: paymentToken }
      const value = cost(p.offer.pricePerHour, 3600)
      const permit = permitVrs(
        await renter.signTypedData(
          permitTypedData(domain, { owner: renter.address, spender: market, value, nonce, deadline }),
        ),
      )
      return call(renter, {
        functionName: 'rentWithPermit',
        args: [p.offer, p.signature, 3600, sealed(), deadline, permit.v, permit.r, permit.s],
      })
    }
    await rentWithPermit()
    result.rentWithPermit = Number(await rentWithPermit())
    return result
  } finally {
    await anvil.stop()
  }
}

const gas = await measure('TestUSDC')
const usdcShaped = await measure('USDC-shaped')
const report = {
  sealedSpecBytes: SEALED_SPEC_BYTES,
  gas,
  targets,
  withinTarget: Object.fromEntries(Object.entries(targets).map(([k, v]) => [k, (gas[k] ?? Infinity) <= v])),
  usdcShaped,
}
console.log(JSON.stringify(report, null, 2))
const dir = path.resolve(import.meta.dirname, 'results')
mkdirSync(dir, { recursive: true })
writeFileSync(path.join(dir, 'gas.json'), `${JSON.stringify(report, null, 2)}\n`)
