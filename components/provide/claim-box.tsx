'use client'

import type { MarketContracts } from '@/lib/chain/market-contracts'
import type { Earnings } from '@/lib/provide/provider-rentals'
import { stageText, useClaim } from '@/lib/provide/use-provider-actions'
import { primaryButton } from '@/lib/ui/button-styles'
import { Amount, Fact, type TokenUnit } from './console-parts'
import { TransactionFeedback } from './transaction-feedback'

/** Totals, and one button that claims every claimable rental in a single `claim(ids)` transaction. */
export function ClaimBox({
  contracts,
  unit,
  earnings,
}: {
  contracts: MarketContracts
  unit: TokenUnit
  earnings: Earnings
}) {
  const claim = useClaim(contracts)
  const { totalClaimable, totalEarned, claimableIds, complete } = earnings
  const count = claimableIds.length
  return (
    <div className="flex flex-col gap-4 rounded-md border border-line bg-canvas p-4">
      <dl className="grid grid-cols-2 gap-4 text-sm">
        <Fact term="Claimable now">
          <span data-testid="total-claimable" className="text-lg">
            <Amount units={totalClaimable} unit={unit} />
          </span>
        </Fact>
        <Fact term="Earned in all">
          <Amount units={totalEarned} unit={unit} />
        </Fact>
      </dl>
      {complete ? null : (
        <p className="text-xs text-muted">
          Some rentals are still being read from the chain; totals may rise.
        </p>
      )}
      <div className="flex flex-col gap-2">
        <button
          type="button"
          className={`${primaryButton} self-start`}
          disabled={count === 0 || claim.pending}
          onClick={() => claim.run(claimableIds)}
        >
          {claim.pending ? 'Claiming…' : count === 0 ? 'Nothing to claim' : 'Claim all'}
        </button>
        {count > 0 && !claim.pending ? (
          <p className="text-xs text-muted">
            Claims <Amount units={totalClaimable} unit={unit} /> (plus whatever accrues until it is mined)
            from {count} rental{count === 1 ? '' : 's'} in one transaction.
          </p>
        ) : null}
        {claim.result ? (
          <div role="status" className="text-sm">
            <p>
              Claimed <Amount units={claim.result.payout.total} unit={unit} /> from{' '}
              {claim.result.payout.rentals.length} rental{claim.result.payout.rentals.length === 1 ? '' : 's'}
              . Your wallet now holds <Amount units={claim.result.balance} unit={unit} />.
            </p>
            <p className="mt-1 text-muted">
              Transaction <code className="break-all font-mono text-xs text-fg">{claim.result.hash}</code>
            </p>
          </div>
        ) : (
          <TransactionFeedback pendingText={stageText(claim.stage)} problem={claim.problem} />
        )}
      </div>
    </div>
  )
}
