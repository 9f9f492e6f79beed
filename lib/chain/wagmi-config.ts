import {
  type Config,
  type CreateConnectorFn,
  cookieStorage,
  cookieToInitialState,
  createConfig,
  createStorage,
  http,
  type State,
} from 'wagmi'
import { appChains } from './chains'

/**
 * Builds the wagmi config for the served chains. Connectors are passed in because they come from
 * RainbowKit, which only the lazily loaded wallet stack may import; the server builds a config
 * without any to read the wallet cookie.
 */
export function createWagmiConfig(connectors: CreateConnectorFn[] = []): Config {
  return createConfig({
    chains: appChains,
    connectors,
    // Cookies (not localStorage) so the server can render the connected account on first paint.
    ssr: true,
    storage: createStorage({ storage: cookieStorage }),
    // With no URL, http() uses the chain's default RPC, which chains.ts has set from configuration.
    transports: Object.fromEntries(appChains.map((chain) => [chain.id, http()])),
  })
}

/** The wallet state saved in the request's cookie header, for WagmiProvider's initialState. */
export function walletStateFromCookie(cookieHeader: string | null): State | undefined {
  return cookieToInitialState(createWagmiConfig(), cookieHeader)
}
