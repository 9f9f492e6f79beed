'use client'

import type { ReactNode } from 'react'
import { useSwitchChain } from 'wagmi'
import { findAppChain } from '@/lib/chain/chains'
import { explainWalletError } from '@/lib/chain/wallet-errors'

/** The name the app gives a chain id ("Anvil (local)"), or "chain 123" for one it does not serve. */
export const chainLabel = (chainId: number) => findAppChain(chainId)?.name ?? `chain ${chainId}`

type NetworkSwitchButtonProps = {
  chainId: number
  className: string
  children?: ReactNode
  /** Where the reason a switch failed is shown: beside the button, or only in its title. */
  errorDisplay?: 'inline' | 'title'
}

/** Asks the wallet to switch to `chainId`; a refusal or failure is said in one sentence. */
export function NetworkSwitchButton({
  chainId,
  className,
  children,
  errorDisplay = 'inline',
}: NetworkSwitchButtonProps) {
  const { switchChain, isPending, error } = useSwitchChain()
  const problem = error ? explainWalletError(error).message : undefined
  const target = chainLabel(chainId)
  const button = (
    <button
      type="button"
      className={className}
      onClick={() => switchChain({ chainId })}
      disabled={isPending}
      aria-label={children ? `Wrong network: switch to ${target}` : undefined}
      title={errorDisplay === 'title' && problem ? problem : `Switch your wallet to ${target}`}
    >
      {children ?? (isPending ? `Switching to ${target}…` : `Switch to ${target}`)}
    </button>
  )
  if (errorDisplay === 'title' || !problem) return button
  return (
    <span className="flex flex-col gap-1">
      {button}
      <span role="alert" className="text-sm text-red-700 dark:text-red-400">
        {problem}
      </span>
    </span>
  )
}
