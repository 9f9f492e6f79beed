'use client'

import { ConnectButton } from '@rainbow-me/rainbowkit'
import { type Address, getAddress } from 'viem'
import { defaultChain } from '@/lib/chain/chains'
import type { MarketContracts } from '@/lib/chain/market-contracts'
import { formatTokenAmount } from '@/lib/format/token-amount'
import { primaryButton, secondaryButton } from '@/lib/ui/button-styles'
import { headerBalance } from '@/lib/wallet/header-balance'
import { useMarketContracts } from '@/lib/wallet/market-contracts-query'
import { shortAddress } from '@/lib/wallet/short-address'
import { useTokenBalance, useTokenMeta } from '@/lib/wallet/token-balance-query'
import { NetworkSwitchButton } from './network-switch-button'

const compact = 'px-2 text-xs sm:px-3.5 sm:text-sm'

/**
 * The header's wallet area once the wallet stack is loaded (styled like its stand-in): the network,
 * "Wrong network" with a switch when the wallet is elsewhere, and the account with its USDC balance.
 * At 375 px the network shrinks to a dot and the balance sits above the address; while the wallet is
 * on the wrong network, only the switch is shown there.
 */
export function WalletButton() {
  const contracts = useMarketContracts()
  return (
    <ConnectButton.Custom>
      {({ account, chain, mounted, openAccountModal, openChainModal, openConnectModal }) => {
        if (!account || !chain) {
          return (
            <button type="button" className={primaryButton} onClick={openConnectModal} disabled={!mounted}>
              Connect wallet
            </button>
          )
        }
        const marketChainId = contracts.data?.chainId ?? defaultChain.id
        const wrongNetwork = chain.unsupported || chain.id !== marketChainId
        return (
          <span className="flex items-center gap-2">
            {wrongNetwork ? (
              <NetworkSwitchButton
                chainId={marketChainId}
                className={`${secondaryButton} ${compact} border-amber-500! text-amber-700 dark:text-amber-300`}
                errorDisplay="title"
              >
                Wrong network
              </NetworkSwitchButton>
            ) : (
              <button
                type="button"
                className={`${secondaryButton} ${compact}`}
                onClick={openChainModal}
                aria-label={`Network: ${chain.name ?? `chain ${chain.id}`}, open network menu`}
              >
                <span aria-hidden="true" className="size-2 rounded-full bg-emerald-500" />
                <span className="hidden md:inline">{chain.name ?? `Chain ${chain.id}`}</span>
              </button>
            )}
            <AccountButton
              address={getAddress(account.address)}
              contracts={wrongNetwork ? undefined : contracts.data}
              onClick={openAccountModal}
              // At 375 px there is room for one of the two; switching back is what matters then.
              className={wrongNetwork ? 'max-sm:hidden' : ''}
            />
          </span>
        )
      }}
    </ConnectButton.Custom>
  )
}

function AccountButton({
  address,
  contracts,
  onClick,
  className,
}: {
  address: Address
  contracts: MarketContracts | undefined
  onClick: () => void
  className: string
}) {
  const meta = useTokenMeta(contracts)
  const balance = useTokenBalance(contracts, address)
  const shown =
    contracts && meta.data && balance.data !== undefined
      ? {
          text: `${headerBalance(balance.data, meta.data.decimals)} ${meta.data.symbol}`,
          exact: `${formatTokenAmount(balance.data, meta.data.decimals)} ${meta.data.symbol}`,
          units: balance.data.toString(),
        }
      : undefined
  return (
    <button
      type="button"
      className={`${secondaryButton} ${compact} flex-col gap-0 leading-tight sm:flex-row sm:gap-2 ${className}`}
      onClick={onClick}
      aria-label={`Wallet ${address}, open account menu`}
      title={shown ? `Balance: ${shown.exact}` : undefined}
    >
      {shown ? (
        <span data-units={shown.units} className="tabular-nums">
          {shown.text}
        </span>
      ) : null}
      <span className={`font-mono ${shown ? 'text-muted sm:text-fg' : ''}`}>{shortAddress(address)}</span>
    </button>
  )
}
