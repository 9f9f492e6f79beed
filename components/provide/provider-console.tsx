'use client'

import { lazy } from 'react'
import type { MarketContracts } from '@/lib/chain/market-contracts'
import type { SavedAccount } from '@/lib/server/queries/saved-wallet'
import { WalletIsland } from '../wallet-island'
import { WalletPanel } from '../wallet-panel'
import { useWalletRoot } from '../wallet-root'

const ProviderConsoleLive = lazy(() =>
  import('./provider-console-live').then((module) => ({ default: module.ProviderConsoleLive })),
)

const reason = 'to register as a provider and follow your earnings'

/** The provider console: needs the wallet, so the wallet stack loads at once on this page. */
export function ProviderConsole({
  contracts,
  savedAccount,
}: {
  contracts: MarketContracts
  savedAccount: SavedAccount | undefined
}) {
  return (
    <WalletIsland eager fallback={<ConsoleStandIn savedAccount={savedAccount} />}>
      <ProviderConsoleLive contracts={contracts} />
    </WalletIsland>
  )
}

/** The wallet box as the server knows it (from the wagmi cookie) while the wallet stack loads. */
function ConsoleStandIn({ savedAccount }: { savedAccount: SavedAccount | undefined }) {
  const { status, openWallet } = useWalletRoot()
  return (
    <div className="flex flex-col gap-6">
      <WalletPanel
        reason={reason}
        connectedNote="The console below shows this account as a provider."
        address={savedAccount?.address}
        chainName={savedAccount?.chainName}
        onAction={openWallet}
        busy={status === 'loading'}
      />
      {savedAccount ? (
        <p aria-busy="true" className="rounded-lg border border-line bg-surface p-5 text-sm text-muted">
          {status === 'failed'
            ? 'The wallet failed to load. Reload the page to retry.'
            : 'Loading your provider console…'}
        </p>
      ) : null}
    </div>
  )
}
