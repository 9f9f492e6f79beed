'use client'

import { useQuery } from '@tanstack/react-query'
import type { Address } from 'viem'
import type { MarketContracts } from '@/lib/chain/market-contracts'
import { stageText, useWithdrawCredit } from '@/lib/provide/use-provider-actions'
import { creditsOptions } from '@/lib/rentals/rental-api'
import { secondaryButton } from '@/lib/ui/button-styles'
import { shortAddress } from '@/lib/wallet/short-address'
import { Amount, type TokenUnit } from './console-parts'
import { TransactionFeedback } from './transaction-feedback'

/**
 * Payouts the token refused (a blacklist, a pause) and the market credited to this account instead,
 * per token, each with a button that takes it out with `withdraw(token)`. Nothing when none are left.
 */
export function CreditsBox({ contracts, unit }: { contracts: MarketContracts; unit: TokenUnit }) {
  const credits = useQuery(creditsOptions())
  const withdraw = useWithdrawCredit(contracts)
  const list = credits.data?.credits ?? []
  if (list.length === 0 && !withdraw.result && !withdraw.problem) return null
  // Amounts in the market's own token are written with its symbol; others by their address.
  const unitOf = (token: Address): TokenUnit =>
    token.toLowerCase() === contracts.token.toLowerCase()
      ? unit
      : { symbol: shortAddress(token), decimals: 0 }
  return (
    <section
      aria-labelledby="credits-title"
      className="flex flex-col gap-3 rounded-md border border-amber-500/50 bg-canvas p-4 text-sm"
    >
      <h3 id="credits-title" className="font-medium">
        Credited payouts
      </h3>
      <p className="text-muted text-pretty">
        The token refused to transfer these to you when they fell due, so the market keeps them for you.
        Withdrawing fails while the token still refuses your address.
      </p>
      <ul className="flex flex-col gap-2">
        {list.map((credit) => (
          <li key={credit.token} className="flex flex-wrap items-center justify-between gap-2">
            <Amount units={BigInt(credit.amount)} unit={unitOf(credit.token)} />
            <button
              type="button"
              className={secondaryButton}
              disabled={withdraw.pending}
              onClick={() => withdraw.run(credit.token)}
            >
              Withdraw
            </button>
          </li>
        ))}
      </ul>
      <TransactionFeedback
        pendingText={stageText(withdraw.stage)}
        problem={withdraw.problem}
        hash={withdraw.result}
        done="Withdrawn."
      />
    </section>
  )
}
