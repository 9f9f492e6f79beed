'use client'

import { useConnectModal } from '@rainbow-me/rainbowkit'
import { type Address, isAddressEqual } from 'viem'
import type { MarketContracts } from '@/lib/chain/market-contracts'
import { staleNoShows, summarizeEarnings } from '@/lib/provide/provider-rentals'
import { stageText, useSettleNoShow } from '@/lib/provide/use-provider-actions'
import { useAccruals, useServedRentals, useStartWindow } from '@/lib/provide/use-provider-data'
import { useSession } from '@/lib/session/session-query'
import { primaryButton } from '@/lib/ui/button-styles'
import { useNow } from '@/lib/ui/use-now'
import { ClaimBox } from './claim-box'
import { ConsoleSection, type TokenUnit } from './console-parts'
import { CreditsBox } from './credits-box'
import { EarningsTable } from './earnings-table'
import { TransactionFeedback } from './transaction-feedback'

type EarningsPanelProps = { contracts: MarketContracts; account: Address; unit: TokenUnit }

/** Rentals served and pay: accrued and claimable per rental and in total, read from the chain. */
export function EarningsPanel({ contracts, account, unit }: EarningsPanelProps) {
  const session = useSession()
  const { openConnectModal } = useConnectModal()
  const signedIn = session.data ? isAddressEqual(session.data.address, account) : false
  const rentals = useServedRentals(account, signedIn)
  const accruals = useAccruals(contracts, rentals.data)
  const startWindow = useStartWindow(contracts)
  const settle = useSettleNoShow(contracts)
  const now = useNow() ?? Date.now()
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
          <CreditsBox contracts={contracts} unit={unit} />
          <TransactionFeedback
            pendingText={stageText(settle.stage)}
            problem={settle.problem}
            hash={settle.result}
            done="Settled as a no-show: the renter is refunded and your stake is released."
          />
          {earnings.rows.length === 0 ? (
            <p className="text-sm text-muted">
              No rentals yet. Once your agent is online and its offers are listed, rentals of your GPUs appear
              here.
            </p>
          ) : (
            <EarningsTable
              rows={earnings.rows}
              unit={unit}
              staleNoShows={staleNoShows(rentals.data ?? [], startWindow.data ?? null, now)}
              settleAction={(id) => (
                <button
                  type="button"
                  className="text-accent-text underline disabled:opacity-60"
                  disabled={settle.pending}
                  onClick={() => settle.run(id)}
                >
                  Settle no-show
                </button>
              )}
            />
          )}
        </>
      )}
    </ConsoleSection>
  )
}
