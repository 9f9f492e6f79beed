/**
 * The browser half of the test wallet, installed with `addInitScript` before any page script runs:
 * an EIP-1193 provider on `window.ethereum`, announced through EIP-6963, whose every request goes
 * to the Node half (`wallet-backend.ts`) through a function exposed on the page.
 *
 * This function is serialised into the page, so it may use nothing from its module's scope.
 */
export type WalletPageInfo = { uuid: string; name: string; icon: string; rdns: string }

/** Names shared by both halves. */
export const walletBridge = { request: '__weftWalletRequest', emit: '__weftWalletEmit' } as const

type Listener = (...args: unknown[]) => void
type BridgeReply = { result?: unknown; error?: { code: number; message: string; data?: unknown } }

export function installTestWallet(setup: { info: WalletPageInfo; bridge: typeof walletBridge }): void {
  const listeners = new Map<string, Set<Listener>>()

  class ProviderRpcError extends Error {
    constructor(
      readonly code: number,
      message: string,
      readonly data?: unknown,
    ) {
      super(message)
    }
  }

  const provider = {
    isWeftTestWallet: true,
    async request(args: { method: string; params?: unknown }): Promise<unknown> {
      const bridge: unknown = Reflect.get(window, setup.bridge.request)
      if (typeof bridge !== 'function') {
        throw new ProviderRpcError(4900, 'The test wallet is not connected to its backend.')
      }
      const reply: BridgeReply = JSON.parse(
        await bridge(JSON.stringify({ method: args.method, params: args.params ?? [] })),
      )
      if (reply.error) throw new ProviderRpcError(reply.error.code, reply.error.message, reply.error.data)
      return reply.result
    },
    on(event: string, listener: Listener) {
      const set = listeners.get(event) ?? new Set<Listener>()
      set.add(listener)
      listeners.set(event, set)
      return provider
    },
    removeListener(event: string, listener: Listener) {
      listeners.get(event)?.delete(listener)
      return provider
    },
  }

  // The Node half calls this to emit accountsChanged / chainChanged / connect / disconnect.
  Reflect.set(window, setup.bridge.emit, (event: string, data: unknown) => {
    for (const listener of listeners.get(event) ?? []) listener(data)
  })
  Reflect.set(window, 'ethereum', provider)

  const detail = Object.freeze({ info: Object.freeze({ ...setup.info }), provider })
  const announce = () => window.dispatchEvent(new CustomEvent('eip6963:announceProvider', { detail }))
  window.addEventListener('eip6963:requestProvider', announce)
  announce()
}
