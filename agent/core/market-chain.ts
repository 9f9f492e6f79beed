import {
  type Account,
  type Address,
  BaseError,
  createPublicClient,
  createWalletClient,
  decodeErrorResult,
  defineChain,
  encodeFunctionData,
  erc20Abi,
  type Hex,
  http,
  type PublicClient,
  type TransactionReceipt,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { WeftMarket } from '@/lib/chain/generated'

const abi = WeftMarket.abi
type MarketCall = Parameters<typeof encodeFunctionData<typeof abi>>[0]

/** The agent's view of the chain: reads, its own transactions (one at a time), and market events. */
export class MarketChain {
  readonly account: Account
  readonly client: PublicClient
  private readonly wallet
  private queue: Promise<unknown> = Promise.resolve()
  private window: Promise<number> | undefined

  constructor(
    readonly rpcUrl: string,
    readonly chainId: number,
    readonly market: Address,
    providerKey: Hex,
  ) {
    this.account = privateKeyToAccount(providerKey)
    const chain = defineChain({
      id: chainId,
      name: `chain ${chainId}`,
      nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
      rpcUrls: { default: { http: [rpcUrl] } },
    })
    const transport = http(rpcUrl, { timeout: 10_000, retryCount: 1 })
    this.client = createPublicClient({ chain, transport, pollingInterval: 250 })
    this.wallet = createWalletClient({ account: this.account, chain, transport })
  }

  get address(): Address {
    return this.account.address
  }

  /**
   * Simulates, sends and waits for one market call. Calls are serialised so nonces never race.
   * A revert surfaces as a MarketRevert naming the contract's custom error where the market's ABI
   * has it (a token's own error stays viem's, with its selector).
   */
  send(request: Omit<MarketCall, 'abi'>): Promise<TransactionReceipt> {
    return this.serialised(async () => {
      const data = encodeFunctionData({ abi, ...request } as MarketCall)
      // A call that simulated fine can still revert once mined (the state moved in between, or a
      // node's gas estimate ran short): simulate again, which then names the reason, and retry once.
      for (let attempt = 1; ; attempt++) {
        await this.client.call({ account: this.account, to: this.market, data }).catch((error: unknown) => {
          throw decodedRevert(String(request.functionName), error)
        })
        const estimate = await this.client.estimateGas({ account: this.account, to: this.market, data })
        const hash = await this.wallet.sendTransaction({ to: this.market, data, gas: (estimate * 5n) / 4n })
        const receipt = await this.client.waitForTransactionReceipt({ hash, timeout: 60_000 })
        if (receipt.status === 'success') return receipt
        if (attempt === 2) throw new Error(`transaction ${hash} reverted`)
      }
    })
  }

  /** Sends an ERC-20 approve for the market (for the stake), serialised with the market calls. */
  approve(token: Address, amount: bigint): Promise<TransactionReceipt> {
    return this.serialised(async () => {
      const hash = await this.wallet.writeContract({
        address: token,
        abi: erc20Abi,
        functionName: 'approve',
        args: [this.market, amount],
      })
      return this.client.waitForTransactionReceipt({ hash })
    })
  }

  /** Runs `task` after every transaction queued before it, so this account's nonces never race. */
  private serialised<T>(task: () => Promise<T>): Promise<T> {
    const result = this.queue.then(task, task)
    this.queue = result.catch(() => undefined)
    return result
  }

  getRental(id: bigint) {
    return this.client.readContract({ address: this.market, abi, functionName: 'getRental', args: [id] })
  }

  getProvider(address: Address) {
    return this.client.readContract({
      address: this.market,
      abi,
      functionName: 'getProvider',
      args: [address],
    })
  }

  accrued(id: bigint) {
    return this.client.readContract({ address: this.market, abi, functionName: 'accrued', args: [id] })
  }

  /** Payouts to this provider in `token` whose transfer failed, waiting for `withdraw(token)`. */
  credit(token: Address) {
    return this.client.readContract({
      address: this.market,
      abi,
      functionName: 'credit',
      args: [this.address, token],
    })
  }

  /** Seconds a rental may stay pending before anyone may settle it as a no-show (fixed at deployment). */
  startWindow(): Promise<number> {
    this.window ??= this.client
      .readContract({ address: this.market, abi, functionName: 'startWindow' })
      .catch((error: unknown) => {
        this.window = undefined
        throw error
      })
    return this.window
  }

  blockNumber() {
    return this.client.getBlockNumber({ cacheTime: 0 })
  }

  /** The chain's clock: the latest block's timestamp, epoch seconds (not this host's clock). */
  async now(): Promise<number> {
    const block = await this.client.getBlock({ blockTag: 'latest' })
    return Number(block.timestamp)
  }

  async blockTime(blockNumber: bigint): Promise<number> {
    const block = await this.client.getBlock({ blockNumber })
    return Number(block.timestamp)
  }

  /** Every market event in [fromBlock, toBlock], decoded, in chain order. */
  events(fromBlock: bigint, toBlock: bigint) {
    return this.client.getContractEvents({ address: this.market, abi, fromBlock, toBlock, strict: true })
  }
}

export type MarketEvent = Awaited<ReturnType<MarketChain['events']>>[number]

/** A market call whose simulation reverted with one of the market's custom errors. */
export class MarketRevert extends Error {
  constructor(
    readonly functionName: string,
    readonly errorName: string,
    args: readonly unknown[],
    options: { cause: unknown },
  ) {
    super(`${functionName} reverted with ${errorName}(${args.map(String).join(', ')})`, options)
    this.name = 'MarketRevert'
  }
}

/** `error` as a MarketRevert when its revert data decodes with the market's ABI, else as it is. */
export function decodedRevert(functionName: string, error: unknown): unknown {
  if (!(error instanceof BaseError)) return error
  const raw = error.walk((e) => typeof (e as { data?: unknown }).data === 'string')
  const revertData = (raw as { data?: Hex } | null)?.data
  if (!revertData || revertData.length < 10) return error
  try {
    const decoded = decodeErrorResult({ abi, data: revertData })
    return new MarketRevert(functionName, decoded.errorName, decoded.args ?? [], { cause: error })
  } catch {
    return error
  }
}
