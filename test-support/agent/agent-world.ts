import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import {
  type Account,
  createPublicClient,
  createTestClient,
  createWalletClient,
  erc20Abi,
  type Hash,
  type Hex,
  http,
  maxUint256,
  type PrivateKeyAccount,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { foundry } from 'viem/chains'
import type { z } from 'zod'
import { registerCommand } from '@/agent/cli/register-command'
import { type AgentConfig, loadAgentConfig } from '@/agent/core/config'
import { type RunningAgent, runAgent } from '@/agent/core/run-agent'
import { writeSimulatedAgent } from '@/agent/core/simulated-host'
import { signAgentRequest } from '@/lib/agent-auth/request-signing'
import { freePort, startAnvil } from '@/lib/chain/anvil'
import { anvilKeys } from '@/lib/chain/anvil-accounts'
import { WeftMarket } from '@/lib/chain/generated'
import type { Offer } from '@/lib/chain/offer-typed-data'
import { jobSpecSchema } from '@/lib/jobs/job-spec'
import { providerSealingKey, sealJobSpec } from '@/lib/jobs/sealed-spec'
import type { SignedOfferJson } from '@/lib/protocol/signed-offer'
import { stopJobsOf } from '@/scripts/lib/demo-jobs'
import { deployContracts } from '@/scripts/lib/deploy-contracts'
import { startRpcProxy } from './rpc-proxy'
import { deployWorldToken, mintWorldToken, pauseWorldToken, type WorldTokenKind } from './world-token'

/** A job spec as a renter writes it (defaults left out). */
export type RentJobSpec = z.input<typeof jobSpecSchema>
/** What a rent carries: a job spec, sealed to the provider's key by `rent`, or sealed bytes as they are. */
export type RentSpec = RentJobSpec | { sealed: Hex }

const offerOf = (signed: SignedOfferJson): Offer => ({
  ...signed.offer,
  pricePerHour: BigInt(signed.offer.pricePerHour),
  expiresAt: BigInt(signed.offer.expiresAt),
})

/**
 * A real local world for the agent: anvil with the market deployed, a registered provider whose
 * agent serves a simulated inventory on loopback, and funded renters that talk to it over HTTP.
 */
export async function createAgentWorld(
  overrides: Record<string, unknown> = {},
  /**
   * `realGpus`: the host's own GPUs (nvidia-smi) instead of the simulated inventory; `token`: the
   * payment and stake token (world-token.ts), TestUSDC unless `usdc-like` (pausable) is asked for.
   */
  options: { rpcProxy?: boolean; realGpus?: boolean; token?: WorldTokenKind } = {},
) {
  const anvil = await startAnvil()
  const proxy = options.rpcProxy ? await startRpcProxy(anvil.rpcUrl) : undefined
  const chain = { ...foundry, rpcUrls: { default: { http: [anvil.rpcUrl] } } }
  const transport = http(anvil.rpcUrl)
  const publicClient = createPublicClient({ chain, transport, pollingInterval: 100 })
  const testClient = createTestClient({ chain, mode: 'anvil', transport })
  const [deployer, provider, renter, stranger] = anvilKeys.slice(0, 4).map((k) => privateKeyToAccount(k)) as [
    PrivateKeyAccount,
    PrivateKeyAccount,
    PrivateKeyAccount,
    PrivateKeyAccount,
  ]
  const admin = createWalletClient({ account: deployer, chain, transport })
  const deployment = await deployContracts(
    { wallet: admin, publicClient },
    { token: await deployWorldToken(options.token ?? 'test', admin, publicClient) },
  )
  const walletOf = (account: Account) => createWalletClient({ account, chain, transport })
  for (const account of [provider, renter, stranger]) {
    await mintWorldToken(admin, publicClient, deployment.token, account.address, 1_000_000n * 10n ** 6n)
    const hash = await walletOf(account).writeContract({
      address: deployment.token,
      abi: erc20Abi,
      functionName: 'approve',
      args: [deployment.market, maxUint256],
    })
    await publicClient.waitForTransactionReceipt({ hash })
  }

  const dir = mkdtempSync(path.join(tmpdir(), 'weft-agent-'))
  const port = await freePort()
  const configFile = writeSimulatedAgent(
    dir,
    {
      name: 'it-host',
      gpus: [
        { model: 'H100-SXM-80GB', count: 4 },
        { model: 'RTX-4090-PCIE-24GB', count: 1 },
      ],
    },
    {
      rpcUrl: proxy?.url ?? anvil.rpcUrl,
      chainId: chain.id,
      market: deployment.market,
      token: deployment.token,
      endpoint: `http://127.0.0.1:${port}`,
      listen: { host: '127.0.0.1', port },
      region: 'EU-Central',
      prices: { 'H100-SXM-80GB': '2.40', 'RTX-4090-PCIE-24GB': '0.36' },
      operator: deployer.address,
      stake: '100',
      minDurationSeconds: 1,
      offerTtlSeconds: 120,
      claimIntervalSeconds: 3600,
      pollIntervalMs: 200,
      stopGraceSeconds: 1,
      // The core's behaviour, not isolation, is under test here (the runners have suites of their own).
      runner: 'process',
      // Workspaces reserve the disk they sell: a test host sells 1 GiB with each GPU.
      resources: { diskMiB: 5 * 1024 },
      ...overrides,
    },
  )
  const loaded: AgentConfig = loadAgentConfig(configFile, { WEFT_PROVIDER_KEY: anvilKeys[1] })
  const config: AgentConfig = options.realGpus ? { ...loaded, simulate: undefined } : loaded
  await registerCommand(config)
  let running: RunningAgent = await runAgent(config)
  const base = `http://127.0.0.1:${port}`

  async function sendRent(
    signedOffer: SignedOfferJson,
    duration: number,
    spec: RentSpec,
    account: Account = renter,
  ): Promise<{ id: bigint; hash: Hash; offer: Offer }> {
    const offer = offerOf(signedOffer)
    const sealed =
      'sealed' in spec
        ? spec.sealed
        : sealJobSpec(
            jobSpecSchema.parse(spec),
            await providerSealingKey(chain.id, deployment.market, offer, signedOffer.signature),
          )
    const id = await publicClient.readContract({
      address: deployment.market,
      abi: WeftMarket.abi,
      functionName: 'rentalId',
      args: [offer.provider, offer.offerId],
    })
    const hash = await walletOf(account).writeContract({
      address: deployment.market,
      abi: WeftMarket.abi,
      functionName: 'rent',
      args: [offer, signedOffer.signature, duration, sealed],
    })
    return { id, hash, offer }
  }

  async function signed(account: Account, pathname: string, init: { method?: string; body?: string } = {}) {
    const method = init.method ?? 'GET'
    const url = `${base}${pathname}`
    const headers = await signAgentRequest({
      signer: {
        address: account.address,
        signMessage: (m) => account.signMessage?.(m) ?? Promise.reject(new Error('no signer')),
      },
      url,
      method,
      body: init.body,
    })
    return fetch(url, {
      method,
      body: init.body,
      headers: { ...headers, ...(init.body ? { 'content-type': 'application/json' } : {}) },
    })
  }

  return {
    anvil,
    proxy,
    publicClient,
    deployment,
    config,
    provider,
    renter,
    stranger,
    base,
    get agent() {
      return running.agent
    },
    async restartAgent(whileDown?: () => Promise<void> | void) {
      await running.close()
      await whileDown?.()
      running = await runAgent(config)
    },
    signed,
    async offers(): Promise<SignedOfferJson[]> {
      const body = (await (await fetch(`${base}/v1/offers`)).json()) as { offers: SignedOfferJson[] }
      return body.offers
    },
    /** Sends a rent without waiting for it to be mined; the spec is sealed to the key that signed the offer. */
    sendRent,
    /** Rents and waits for the rent to be mined. */
    async rent(signedOffer: SignedOfferJson, duration: number, spec: RentSpec, account: Account = renter) {
      const { id, hash, offer } = await sendRent(signedOffer, duration, spec, account)
      const receipt = await publicClient.waitForTransactionReceipt({ hash })
      if (receipt.status !== 'success') throw new Error(`rent ${hash} reverted`)
      return { id, receipt, offer }
    },
    /** Mines what `send` sends in one block (so the agent sees it all in one poll). */
    async inOneBlock<T>(send: () => Promise<T>): Promise<T> {
      await testClient.setAutomine(false)
      try {
        return await send()
      } finally {
        await testClient.mine({ blocks: 1 })
        await testClient.setAutomine(true)
      }
    },
    /** Moves the chain's clock `seconds` ahead and mines a block at the new time. */
    async timeTravel(seconds: number) {
      await testClient.increaseTime({ seconds })
      await testClient.mine({ blocks: 1 })
    },
    /** Pauses or unpauses the USDC-like token (a world created with `token: 'usdc-like'`). */
    pauseToken(paused: boolean) {
      return pauseWorldToken(admin, publicClient, deployment.token, paused)
    },
    /** The reason of the `Declined` event of rental `id`, undefined while it has none. */
    async declineReason(id: bigint): Promise<number | undefined> {
      const events = await publicClient.getContractEvents({
        address: deployment.market,
        abi: WeftMarket.abi,
        eventName: 'Declined',
        fromBlock: BigInt(deployment.deployBlock),
        strict: true,
      })
      return events.find((event) => event.args.id === id)?.args.reason
    },
    /** Sends a provider-side market call from the provider's own key (the agent being stopped, say). */
    async providerCall(functionName: 'withdrawStake', args: readonly [bigint]) {
      const hash = await walletOf(provider).writeContract({
        address: deployment.market,
        abi: WeftMarket.abi,
        functionName,
        args,
      })
      return publicClient.waitForTransactionReceipt({ hash })
    },
    async renterCall(functionName: 'stop' | 'cancel', id: bigint, account: Account = renter) {
      const hash = await walletOf(account).writeContract({
        address: deployment.market,
        abi: WeftMarket.abi,
        functionName,
        args: [id],
      })
      return publicClient.waitForTransactionReceipt({ hash })
    },
    balance(address: Hex) {
      return publicClient.readContract({
        address: deployment.token,
        abi: erc20Abi,
        functionName: 'balanceOf',
        args: [address],
      })
    },
    async close() {
      await running.close()
      await proxy?.close()
      await anvil.stop()
      // An agent leaves its jobs running when it stops (a restarted one reattaches to them); a
      // finished test must not, nor leave their workspaces (a gigabyte image each) behind.
      await stopJobsOf(config.dataDir)
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export type AgentWorld = Awaited<ReturnType<typeof createAgentWorld>>
