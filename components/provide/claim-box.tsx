'use client'

import type { MarketContracts } from '@/lib/chain/market-contracts'
import type { Earnings } from '@/lib/provide/provider-rentals'
import { stageText, useClaim } from '@/lib/provide/use-provider-actions'
import { primaryButton } from '@/lib/ui/button-styles'
import { Amount, Fact, type TokenUnit } from './console-parts'
import { TransactionFeedback } from './transaction-feedback'

/**
 * Totals, and one button that claims every claimable rental in a single `claimEarned(offerIds)` transaction,
 * which also releases the stake still held by declined and cancelled rentals.
 */
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
  const { totalClaimable, totalEarned, claimOfferIds, releasable, complete } = earnings
  const count = claimOfferIds.length
  const paying = count - releasable
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
          onClick={() => claim.run(claimOfferIds)}
        >
          {claim.pending ? 'Claiming…' : count === 0 ? 'Nothing to claim' : 'Claim all'}
        </button>
        {count > 0 && !claim.pending ? (
          <p className="text-xs text-muted">
            {paying > 0 ? (
              <>
                Claims <Amount units={totalClaimable} unit={unit} /> (plus whatever accrues until it is mined)
                from {paying} rental{paying === 1 ? '' : 's'}
              </>
            ) : null}
            {paying > 0 && releasable > 0 ? ' and ' : null}
            {releasable > 0
              ? `releases the stake held by ${releasable} declined or cancelled rental${releasable === 1 ? '' : 's'}`
              : null}{' '}
            in one transaction.
          </p>
        ) : null}
        {claim.result ? (
          <div role="status" className="text-sm">
            <p>
              Claimed <Amount units={claim.result.payout.total} unit={unit} /> from{' '}
              {claim.result.payout.rentals.length} rental{claim.result.payout.rentals.length === 1 ? '' : 's'}
              . Your wallet now holds <Amount units={claim.result.balance} unit={unit} />.
            </p>
            {claim.result.payout.credited > 0n ? (
              <p className="mt-1">
                The token refused the transfer: <Amount units={claim.result.payout.credited} unit={unit} />{' '}
                was credited to you instead; withdraw it under “Credited payouts”.
              </p>
            ) : null}
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
