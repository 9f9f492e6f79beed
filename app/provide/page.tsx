import type { Metadata } from 'next'
import { AgentSetup } from '@/components/provide/agent-setup'
import { ProviderConsole } from '@/components/provide/provider-console'
import type { MarketContracts } from '@/lib/chain/market-contracts'
import { savedAccount } from '@/lib/server/queries/saved-wallet'
import { loadServerConfig, ServerConfigError } from '@/lib/server/server-config'

export const metadata: Metadata = { title: 'Provide GPUs' }

function marketContracts(): MarketContracts | undefined {
  try {
    const { chainId, market, token } = loadServerConfig()
    return { chainId, market, token }
  } catch (error) {
    if (error instanceof ServerConfigError) return undefined
    throw error
  }
}

export default async function ProvidePage() {
  const contracts = marketContracts()
  return (
    <div className="mx-auto flex max-w-4xl flex-col gap-6 px-4 py-10">
      <div>
        <h1 className="text-3xl font-semibold tracking-tight">Provide GPUs</h1>
        <p className="mt-3 text-muted text-pretty">
          Rent out your GPUs and get paid per second from escrow. Register your agent and its stake, see how
          the market sees it, follow the rentals it serves and claim your pay, signed in with the provider
          wallet.
        </p>
      </div>
      {contracts ? (
        <>
          <ProviderConsole contracts={contracts} savedAccount={await savedAccount()} />
          <AgentSetup contracts={contracts} />
        </>
      ) : (
        <p role="alert" className="rounded-lg border border-line bg-surface p-5 text-sm">
          The market contract is not deployed for this server’s chain yet, so there is nothing to register
          with.
        </p>
      )}
    </div>
  )
}
