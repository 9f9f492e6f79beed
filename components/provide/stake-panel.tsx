'use client'

import type { MarketContracts } from '@/lib/chain/market-contracts'
import { checkStake, checkWithdrawal } from '@/lib/provide/provider-forms'
import { useAddStake, useWithdrawStake } from '@/lib/provide/use-provider-actions'
import type { Registration } from '@/lib/provide/use-provider-data'
import { AmountActionForm } from './amount-action-form'
import { Amount, ConsoleSection, Fact, type TokenUnit } from './console-parts'

type StakePanelProps = {
  contracts: MarketContracts
  unit: TokenUnit
  registration: Registration
  balance: bigint | undefined
}

/** The provider's stake: how much, whether it is locked, and forms to top it up or withdraw it. */
export function StakePanel({ contracts, unit, registration, balance }: StakePanelProps) {
  const add = useAddStake(contracts)
  const withdraw = useWithdrawStake(contracts)
  const active = registration.activeRentals
  const locked =
    active > 0
      ? `Locked while ${active} rental${active === 1 ? ' is' : 's are'} pending, running or unclaimed; claim them once they end.`
      : undefined
  return (
    <ConsoleSection
      id="stake-title"
      title="Stake"
      intro="Backs your offers: a renter whose job you never start is refunded in full plus up to an hour of the rental from it."
    >
      <dl className="grid grid-cols-2 gap-4 text-sm">
        <Fact term="Staked">
          <Amount units={registration.stake} unit={unit} />
        </Fact>
        <Fact term="Active rentals">{active}</Fact>
      </dl>
      <div className="grid gap-4 sm:grid-cols-2">
        <AmountActionForm
          label={`Add stake (${unit.symbol})`}
          button="Add stake"
          done="Stake added."
          placeholder="100"
          check={(text) => checkStake(text, { balance, decimals: unit.decimals })}
          action={add}
        />
        <AmountActionForm
          label={`Withdraw stake (${unit.symbol})`}
          button="Withdraw"
          done="Stake withdrawn."
          placeholder="100"
          check={(text) => checkWithdrawal(text, registration.stake, unit.decimals)}
          action={withdraw}
          blocked={locked ?? (registration.stake === 0n ? 'Nothing is staked.' : undefined)}
        />
      </div>
    </ConsoleSection>
  )
}
