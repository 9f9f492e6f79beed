import {
  type Address,
  createPublicClient,
  createWalletClient,
  encodeFunctionData,
  getAddress,
  type Hex,
  http,
  maxUint256,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { foundry } from 'viem/chains'
import { ERC1271Wallet } from '@/contracts/test/generated-mocks'
import { startAnvil } from '@/lib/chain/anvil'
import { anvilKeys } from '@/lib/chain/anvil-accounts'
import { TestUSDC, WeftMarket } from '@/lib/chain/generated'
import type { SignedOfferJson } from '@/lib/protocol/signed-offer'
import { deployContracts } from '@/scripts/lib/deploy-contracts'
import { type SimulatedAgent, startSimulatedAgent } from './simulated-agent'
import { makeOffer, signOffer, signResources, TEST_RESOURCES, USDC } from './test-offers'
import { json, startHttpServer } from './test-servers'

const key = (i: number) => anvilKeys[i] as Hex

/**
 * A real local market for the aggregator: anvil with WeftMarket deployed and seven registered
 * providers — two real agents on simulated inventories, a server answering garbage, one that
 * never answers, a private endpoint, an IPv4-mapped loopback endpoint in front of a live server,
 * and an ERC-1271 wallet whose offers its owner signs (one offer by a stranger, and one whose
 * resources a stranger signed).
 */
export async function createAggregatorWorld(options: { garbageBody: Buffer }) {
  const anvil = await startAnvil()
  const chain = { ...foundry, rpcUrls: { default: { http: [anvil.rpcUrl] } } }
  const transport = http(anvil.rpcUrl)
  const publicClient = createPublicClient({ chain, transport, pollingInterval: 100 })
  const walletOf = (k: Hex) => createWalletClient({ account: privateKeyToAccount(k), chain, transport })
  const deployment = await deployContracts({ wallet: walletOf(key(0)), publicClient })
  const { market, token } = deployment
  const mined = async (hash: Hex) => {
    const receipt = await publicClient.waitForTransactionReceipt({ hash })
    if (receipt.status !== 'success') throw new Error(`transaction ${hash} reverted`)
  }
  const mint = (to: Address) =>
    walletOf(key(0))
      .writeContract({ address: token, abi: TestUSDC.abi, functionName: 'mint', args: [to, 1_000n * USDC] })
      .then(mined)

  const agents: SimulatedAgent[] = []
  for (const k of [key(1), key(2)]) {
    await mint(privateKeyToAccount(k).address)
    const operator = privateKeyToAccount(key(0)).address
    agents.push(
      await startSimulatedAgent({ key: k, rpcUrl: anvil.rpcUrl, chainId: chain.id, market, token, operator }),
    )
  }

  const health = (provider: Address) => ({
    ...{ ok: true, version: 'test', provider, chainId: chain.id, market, gpus: 1, freeGpus: 1 },
    ...{ runningJobs: 0, chainReachable: true, startedAt: Date.now() },
  })
  const garbageAddress = privateKeyToAccount(key(3)).address
  const garbage = await startHttpServer((req, res) => {
    if (req.url === '/v1/health') return json(res, 200, health(garbageAddress))
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(options.garbageBody)
  })
  const slow = await startHttpServer(() => undefined)
  const mapped = await startHttpServer((_req, res) => json(res, 200, {}))

  // An ERC-1271 wallet as provider: one offer signed by its owner, one by a stranger, one whose
  // resources a stranger signed.
  const owner = privateKeyToAccount(key(7))
  const deployed = await walletOf(key(7)).deployContract({
    abi: ERC1271Wallet.abi,
    bytecode: ERC1271Wallet.bytecode,
    args: [owner.address],
  })
  const walletAddress = getAddress(
    (await publicClient.waitForTransactionReceipt({ hash: deployed })).contractAddress ?? '0x',
  )
  const walletServer = await startHttpServer(async (req, res) => {
    if (req.url === '/v1/health') return json(res, 200, health(walletAddress))
    const offer = (i: number) => makeOffer(owner, { provider: walletAddress, token, gpuCount: i })
    const domain = { chainId: chain.id, market }
    const stranger = privateKeyToAccount(key(8))
    const foreignResources = await signOffer(offer(4), owner, domain)
    json(res, 200, {
      offers: [
        await signOffer(offer(1), owner, domain),
        await signOffer(offer(2), stranger, domain),
        {
          ...foreignResources,
          resourcesSignature: await signResources(
            foreignResources.offer.offerId,
            TEST_RESOURCES,
            stranger,
            domain,
          ),
        },
      ],
    })
  })
  await mint(walletAddress)
  const ownerWallet = walletOf(key(7))
  await ownerWallet
    .writeContract({
      address: walletAddress,
      abi: ERC1271Wallet.abi,
      functionName: 'approve',
      args: [token, market, maxUint256],
    })
    .then(mined)
  const register = (endpoint: string) =>
    encodeFunctionData({
      abi: WeftMarket.abi,
      functionName: 'registerProvider',
      args: [endpoint, 100n * USDC],
    })
  await ownerWallet
    .writeContract({
      address: walletAddress,
      abi: ERC1271Wallet.abi,
      functionName: 'execute',
      args: [market, register(walletServer.url)],
    })
    .then(mined)

  const endpoints: [number, string][] = [
    [3, garbage.url],
    [4, slow.url],
    [5, 'http://10.0.0.1:8700'],
    [6, `http://[::ffff:127.0.0.1]:${mapped.port}`],
  ]
  for (const [i, endpoint] of endpoints) {
    const wallet = walletOf(key(i))
    await mint(wallet.account.address)
    await wallet
      .writeContract({
        address: token,
        abi: TestUSDC.abi,
        functionName: 'approve',
        args: [market, maxUint256],
      })
      .then(mined)
    await wallet.sendTransaction({ to: market, data: register(endpoint) }).then(mined)
  }

  const address = (i: number) => privateKeyToAccount(key(i)).address
  return {
    slow,
    mapped,
    addresses: {
      agentA: address(1),
      agentB: address(2),
      garbage: address(3),
      slow: address(4),
      private: address(5),
      mapped: address(6),
      wallet: walletAddress,
    },
    deps: {
      chain: publicClient,
      market,
      chainId: chain.id,
      token,
      tokenDecimals: 6,
      deployBlock: BigInt(deployment.deployBlock),
      allowLoopback: true,
    },
    async agentOffers(i: number): Promise<SignedOfferJson[]> {
      const res = await fetch(`${agents[i]?.base}/v1/offers`)
      return ((await res.json()) as { offers: SignedOfferJson[] }).offers
    },
    updateEndpoint: (i: number, endpoint: string) =>
      walletOf(key(i))
        .writeContract({
          address: market,
          abi: WeftMarket.abi,
          functionName: 'updateEndpoint',
          args: [endpoint],
        })
        .then(mined),
    addStake: (i: number, amount: bigint) =>
      walletOf(key(i))
        .writeContract({ address: market, abi: WeftMarket.abi, functionName: 'addStake', args: [amount] })
        .then(mined),
    async close() {
      for (const agent of agents) await agent.close()
      for (const server of [garbage, slow, mapped, walletServer]) await server.close()
      await anvil.stop()
    },
  }
}

export type AggregatorWorld = Awaited<ReturnType<typeof createAggregatorWorld>>
