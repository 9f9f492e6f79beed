import { type Chain, defineChain } from 'viem'
import { anvil, base, baseSepolia } from 'viem/chains'
import { type KnownChainId, publicEnv } from '@/lib/env/public-env'

/** Points a chain at the operator's own RPC node; public endpoints rate-limit a busy app. */
function withRpcUrl(chain: Chain, url: string | undefined): Chain {
  if (!url) return chain
  return defineChain({ ...chain, rpcUrls: { ...chain.rpcUrls, default: { http: [url] } } })
}

const localAnvil = defineChain({
  ...anvil,
  name: 'Anvil (local)',
  rpcUrls: { default: { http: [publicEnv.rpcUrl] } },
  testnet: true,
})

const chainsById: Record<KnownChainId, Chain> = {
  31337: localAnvil,
  8453: withRpcUrl(base, publicEnv.baseRpcUrl),
  84532: withRpcUrl(baseSepolia, publicEnv.baseSepoliaRpcUrl),
}

const [firstChainId, ...otherChainIds] = publicEnv.chainIds

/** The chains this deployment serves, from NEXT_PUBLIC_CHAIN_IDS; the first is the default. */
export const appChains: readonly [Chain, ...Chain[]] = [
  chainsById[firstChainId],
  ...otherChainIds.map((id) => chainsById[id]),
]

export const defaultChain: Chain = appChains[0]

/** The served chain with this id, or undefined when the deployment does not serve it. */
export function findAppChain(chainId: number): Chain | undefined {
  return appChains.find((chain) => chain.id === chainId)
}
