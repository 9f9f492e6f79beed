import type { BrowserContext } from 'playwright-core'
import { type Address, createWalletClient, type Hex, http, numberToHex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { z } from 'zod'
import { e2eChain } from './chain'
import { parseTypedData } from './typed-data'
import { installTestWallet, walletBridge } from './wallet-page-script'

const info = {
  uuid: '5b0a3a55-6d8f-4c1e-9b71-0e2e0e2e0e2e',
  name: 'Weft Test Wallet',
  icon: `data:image/svg+xml,${encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="8" fill="#4f46e5"/><path d="M8 11h16M8 16h16M8 21h16" stroke="#fff" stroke-width="3"/></svg>')}`,
  rdns: 'dev.weft.test-wallet',
}

class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message)
  }
}

const request = z.object({ method: z.string(), params: z.array(z.unknown()).default([]) })
const hexString = z.custom<Hex>(
  (v) => typeof v === 'string' && /^0x[0-9a-fA-F]*$/.test(v),
  'expected 0x-prefixed hex',
)
const transaction = z.object({
  from: hexString.optional(),
  to: hexString.optional(),
  data: hexString.optional(),
  value: hexString.optional(),
  gas: hexString.optional(),
})

/**
 * The Node half of the test wallet: one anvil account, signing locally with viem (messages, typed
 * data, transactions sent raw) and forwarding every other call to the test chain. Like a real
 * wallet it shows no account until the page asks for one, remembers the authorisation across
 * navigations, and can be told to refuse the next signature or to sit on another chain.
 */
export class TestWallet {
  readonly account
  readonly address: Address
  /** Every method the page called, in order. */
  readonly calls: string[] = []
  chainId: number
  private authorized = false
  private rejectNext = false
  private context: BrowserContext | undefined

  constructor(
    key: Hex,
    private readonly rpcUrl: string,
    options: { chainId?: number } = {},
  ) {
    this.account = privateKeyToAccount(key)
    this.address = this.account.address
    this.chainId = options.chainId ?? e2eChain.id
  }

  /** Installs the wallet in every page of `context` (call before opening pages). */
  async attach(context: BrowserContext): Promise<void> {
    this.context = context
    await context.exposeFunction(walletBridge.request, (payload: string) => this.answer(payload))
    // The function's source runs in the page; TypeScript loaders that keep function names wrap
    // them in a `__name` helper, which the page has to provide itself.
    const setup = JSON.stringify({ info, bridge: walletBridge })
    await context.addInitScript({
      content: `(() => { const __name = (f) => f; (${installTestWallet.toString()})(${setup}) })()`,
    })
  }

  /** The next signature or transaction request is refused as if the user pressed "Reject". */
  rejectNextSignature(): void {
    this.rejectNext = true
  }

  /** The user picks another network in the wallet itself: the page hears `chainChanged`. */
  async changeChain(chainId: number): Promise<void> {
    this.chainId = chainId
    await this.emit('chainChanged', numberToHex(chainId))
  }

  signatureCalls(): string[] {
    return this.calls.filter((m) =>
      ['personal_sign', 'eth_signTypedData_v4', 'eth_sendTransaction'].includes(m),
    )
  }

  private async emit(event: string, data: unknown): Promise<void> {
    for (const page of this.context?.pages() ?? []) {
      await page
        .evaluate(
          ([name, e, d]) => {
            const emit: unknown = Reflect.get(window, name)
            if (typeof emit === 'function') emit(e, d)
          },
          [walletBridge.emit, event, data] as const,
        )
        .catch(() => undefined) // a page that is closing has nobody to tell
    }
  }

  private async answer(payload: string): Promise<string> {
    try {
      const { method, params } = request.parse(JSON.parse(payload))
      this.calls.push(method)
      return JSON.stringify({ result: await this.handle(method, params) })
    } catch (error) {
      const code = error instanceof RpcError ? error.code : -32603
      const message = error instanceof Error ? error.message : String(error)
      return JSON.stringify({ error: { code, message } })
    }
  }

  private consumeRejection(): void {
    if (!this.rejectNext) return
    this.rejectNext = false
    throw new RpcError(4001, 'User rejected the request.')
  }

  private requireAccount(address: unknown): void {
    if (!this.authorized) throw new RpcError(4100, 'The account is not authorised.')
    if (typeof address === 'string' && address.toLowerCase() !== this.address.toLowerCase()) {
      throw new RpcError(4100, `The wallet does not hold ${address}.`)
    }
  }

  private async handle(method: string, params: unknown[]): Promise<unknown> {
    switch (method) {
      case 'eth_accounts':
        return this.authorized ? [this.address] : []
      case 'eth_requestAccounts':
        this.authorized = true
        void this.emit('accountsChanged', [this.address])
        return [this.address]
      case 'wallet_requestPermissions':
      case 'wallet_getPermissions':
        return this.authorized || method === 'wallet_requestPermissions'
          ? [{ parentCapability: 'eth_accounts' }]
          : []
      case 'wallet_revokePermissions':
        this.authorized = false
        return null
      case 'eth_chainId':
        return numberToHex(this.chainId)
      case 'net_version':
        return String(this.chainId)
      case 'wallet_switchEthereumChain':
      case 'wallet_addEthereumChain': {
        const { chainId } = z.object({ chainId: hexString }).parse(params[0])
        if (Number(chainId) !== e2eChain.id) throw new RpcError(4902, `Unrecognized chain ID "${chainId}".`)
        if (this.chainId !== e2eChain.id) {
          this.chainId = e2eChain.id
          void this.emit('chainChanged', chainId)
        }
        return null
      }
      case 'personal_sign': {
        this.requireAccount(params[1])
        this.consumeRejection()
        return this.account.signMessage({ message: { raw: hexString.parse(params[0]) } })
      }
      case 'eth_signTypedData_v4': {
        this.requireAccount(params[0])
        this.consumeRejection()
        return this.account.signTypedData(parseTypedData(z.string().parse(params[1])))
      }
      case 'eth_sendTransaction': {
        const tx = transaction.parse(params[0])
        this.requireAccount(tx.from)
        if (this.chainId !== e2eChain.id) throw new RpcError(4901, `The wallet is on chain ${this.chainId}.`)
        this.consumeRejection()
        const wallet = createWalletClient({
          account: this.account,
          chain: e2eChain,
          transport: http(this.rpcUrl),
        })
        return wallet.sendTransaction({
          to: tx.to,
          data: tx.data,
          value: tx.value ? BigInt(tx.value) : undefined,
          gas: tx.gas ? BigInt(tx.gas) : undefined,
        })
      }
      case 'eth_sign':
        throw new RpcError(4200, 'eth_sign is not supported.')
      default:
        return this.forward(method, params)
    }
  }

  private async forward(method: string, params: unknown[]): Promise<unknown> {
    const response = await fetch(this.rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    })
    const body = z
      .object({
        result: z.unknown().optional(),
        error: z.object({ code: z.number(), message: z.string() }).optional(),
      })
      .parse(await response.json())
    if (body.error) throw new RpcError(body.error.code, body.error.message)
    return body.result
  }
}
