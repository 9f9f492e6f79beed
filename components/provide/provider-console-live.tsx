'use client'

import type { Address } from 'viem'
import { useAccount } from 'wagmi'
import type { MarketContracts } from '@/lib/chain/market-contracts'
import { USDC_DECIMALS } from '@/lib/format/token-amount'
import { useRegistration } from '@/lib/provide/use-provider-data'
import { primaryButton } from '@/lib/ui/button-styles'
import { useTokenBalance, useTokenMeta } from '@/lib/wallet/token-balance-query'
import { chainLabel, NetworkSwitchButton } from '../network-switch-button'
import { WalletAccountPanel } from '../wallet-account-panel'
import { AgentPanel } from './agent-panel'
import { ConsoleSection, type TokenUnit } from './console-parts'
import { EarningsPanel } from './earnings-panel'
import { RegistrationForm } from './registration-form'
import { StakePanel } from './stake-panel'

const reason = 'to register as a provider and follow your earnings'

/** The provider console once the wallet stack is loaded: follows the connected account and network. */
export function ProviderConsoleLive({ contracts }: { contracts: MarketContracts }) {
  const { address, chainId } = useAccount()
  const connectedNote = 'The console below shows this account as a provider.'
  return (
    <div className="flex flex-col gap-6">
      <WalletAccountPanel reason={reason} connectedNote={connectedNote} />
      {!address ? null : chainId !== contracts.chainId ? (
        <section
          aria-label="Wrong network"
          className="flex flex-col gap-3 rounded-lg border border-amber-500/50 bg-surface p-5 text-sm"
        >
          <p>
            Your wallet is on {chainId === undefined ? 'another network' : chainLabel(chainId)}, but the
            market runs on {chainLabel(contracts.chainId)}.
          </p>
          <NetworkSwitchButton chainId={contracts.chainId} className={`${primaryButton} self-start`} />
        </section>
      ) : (
        <ProviderSections contracts={contracts} account={address} />
      )}
    </div>
  )
}

function ProviderSections({ contracts, account }: { contracts: MarketContracts; account: Address }) {
  const { registration, minStake } = useRegistration(contracts, account)
  const meta = useTokenMeta(contracts)
  const balance = useTokenBalance(contracts, account)
  const unit: TokenUnit = meta.data ?? { symbol: 'USDC', decimals: USDC_DECIMALS }
  // Loopback and plain http are for the local demo chain only; the market refuses them elsewhere.
  const allowHttp = contracts.chainId === 31337

  if (registration.error)
    return (
      <p
        role="alert"
        className="rounded-lg border border-line bg-surface p-5 text-sm text-red-700 dark:text-red-400"
      >
        Your registration could not be read from the chain: {registration.error.message}
      </p>
    )
  if (!registration.data)
    return (
      <p aria-busy="true" className="rounded-lg border border-line bg-surface p-5 text-sm text-muted">
        Reading your registration from the chain…
      </p>
    )
  if (registration.data.providerId === 0)
    return (
      <ConsoleSection
        id="register-title"
        title="Register as a provider"
        intro="One transaction (two if the market needs your approval to move the stake) records your agent’s endpoint and stake on-chain. Run the agent first, so the market finds it when it polls."
      >
        <RegistrationForm
          contracts={contracts}
          unit={unit}
          minStake={minStake.data}
          balance={balance.data}
          allowHttp={allowHttp}
        />
      </ConsoleSection>
    )
  return (
    <>
      <EarningsPanel contracts={contracts} account={account} unit={unit} />
      <AgentPanel
        contracts={contracts}
        account={account}
        registration={registration.data}
        allowHttp={allowHttp}
      />
      <StakePanel contracts={contracts} unit={unit} registration={registration.data} balance={balance.data} />
    </>
  )
}
