'use client'

import { useConnectModal } from '@rainbow-me/rainbowkit'
import { type Address, isAddressEqual } from 'viem'
import type { MarketContracts } from '@/lib/chain/market-contracts'
import { summarizeEarnings } from '@/lib/provide/provider-rentals'
import { useAccruals, useServedRentals } from '@/lib/provide/use-provider-data'
import { useSession } from '@/lib/session/session-query'
import { primaryButton } from '@/lib/ui/button-styles'
import { ClaimBox } from './claim-box'
import { ConsoleSection, type TokenUnit } from './console-parts'
import { EarningsTable } from './earnings-table'

type EarningsPanelProps = { contracts: MarketContracts; account: Address; unit: TokenUnit }

/** Rentals served and pay: accrued and claimable per rental and in total, read from the chain. */
export function EarningsPanel({ contracts, account, unit }: EarningsPanelProps) {
  const session = useSession()
  const { openConnectModal } = useConnectModal()
  const signedIn = session.data ? isAddressEqual(session.data.address, account) : false
  const rentals = useServedRentals(account, signedIn)
  const accruals = useAccruals(contracts, rentals.data)
  const intro =
    'What your GPUs earned, rental by rental. Pay accrues per second while a job runs; the agent claims it after each rental, and you can claim whatever is left here.'

  if (!signedIn)
    return (
      <ConsoleSection id="earnings-title" title="Rentals and pay" intro={intro}>
        <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
          <p className="text-sm text-muted">
            {session.isPending
              ? 'Checking whether you are signed in…'
              : 'Sign in with this wallet to see the rentals you served and claim your pay. Signing costs nothing.'}
          </p>
          <button
            type="button"
            className={primaryButton}
            onClick={() => openConnectModal?.()}
            disabled={session.isPending || !openConnectModal}
          >
            Sign in
          </button>
        </div>
      </ConsoleSection>
    )

  const earnings = rentals.data
    ? summarizeEarnings(
        rentals.data,
        (id) => accruals.data?.[id] ?? (accruals.error ? { error: accruals.error.message } : undefined),
      )
    : undefined
  return (
    <ConsoleSection id="earnings-title" title="Rentals and pay" intro={intro}>
      {rentals.error ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {rentals.error.message}
        </p>
      ) : !earnings ? (
        <p className="text-sm text-muted">Loading the rentals you served…</p>
      ) : (
        <>
          <ClaimBox contracts={contracts} unit={unit} earnings={earnings} />
          {earnings.rows.length === 0 ? (
            <p className="text-sm text-muted">
              No rentals yet. Once your agent is online and its offers are listed, rentals of your GPUs appear
              here.
            </p>
          ) : (
            <EarningsTable rows={earnings.rows} unit={unit} />
          )}
        </>
      )}
    </ConsoleSection>
  )
}
