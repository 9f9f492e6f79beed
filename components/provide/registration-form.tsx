'use client'

import { type FormEvent, useId, useState } from 'react'
import type { MarketContracts } from '@/lib/chain/market-contracts'
import { checkEndpoint, checkStake } from '@/lib/provide/provider-forms'
import { stageText, useRegisterProvider } from '@/lib/provide/use-provider-actions'
import { primaryButton } from '@/lib/ui/button-styles'
import { Amount, inputStyle, type TokenUnit } from './console-parts'
import { TransactionFeedback } from './transaction-feedback'

type RegistrationFormProps = {
  contracts: MarketContracts
  unit: TokenUnit
  minStake: bigint | undefined
  balance: bigint | undefined
  allowHttp: boolean
}

/** Registers the connected account as a provider: its agent's endpoint and the stake that backs it. */
export function RegistrationForm({ contracts, unit, minStake, balance, allowHttp }: RegistrationFormProps) {
  const ids = useId()
  const register = useRegisterProvider(contracts)
  const [endpoint, setEndpoint] = useState('')
  const [stake, setStake] = useState('')
  const [errors, setErrors] = useState<{ endpoint?: string; stake?: string }>({})

  function submit(event: FormEvent) {
    event.preventDefault()
    const checkedEndpoint = checkEndpoint(endpoint, { allowHttp })
    const checkedStake = checkStake(stake, { minimum: minStake, balance, decimals: unit.decimals })
    setErrors({
      endpoint: checkedEndpoint.ok ? undefined : checkedEndpoint.message,
      stake: checkedStake.ok ? undefined : checkedStake.message,
    })
    if (checkedEndpoint.ok && checkedStake.ok)
      register.run({ endpoint: checkedEndpoint.value, stake: checkedStake.value })
  }

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-4">
      <div className="flex flex-col gap-1.5">
        <label htmlFor={`${ids}-endpoint`} className="text-sm font-medium">
          Agent endpoint
        </label>
        <input
          id={`${ids}-endpoint`}
          className={inputStyle}
          type="url"
          inputMode="url"
          autoComplete="url"
          placeholder="https://gpu-1.example.com"
          value={endpoint}
          onChange={(event) => setEndpoint(event.target.value)}
          aria-invalid={errors.endpoint ? true : undefined}
          aria-describedby={`${ids}-endpoint-help`}
        />
        <p
          id={`${ids}-endpoint-help`}
          className={errors.endpoint ? 'text-sm text-red-700 dark:text-red-400' : 'text-xs text-muted'}
        >
          {errors.endpoint ?? 'Where `weft-agent serve` answers; the market polls it for your offers.'}
        </p>
      </div>
      <div className="flex flex-col gap-1.5">
        <label htmlFor={`${ids}-stake`} className="text-sm font-medium">
          Stake ({unit.symbol})
        </label>
        <input
          id={`${ids}-stake`}
          className={inputStyle}
          inputMode="decimal"
          placeholder="500"
          value={stake}
          onChange={(event) => setStake(event.target.value)}
          aria-invalid={errors.stake ? true : undefined}
          aria-describedby={`${ids}-stake-help`}
        />
        <p
          id={`${ids}-stake-help`}
          className={errors.stake ? 'text-sm text-red-700 dark:text-red-400' : 'text-xs text-muted'}
        >
          {errors.stake ?? (
            <>
              Compensates renters if your agent never starts their job. Minimum{' '}
              {minStake === undefined ? '…' : <Amount units={minStake} unit={unit} />}
              {balance === undefined ? null : (
                <>
                  ; your wallet holds <Amount units={balance} unit={unit} />
                </>
              )}
              .
            </>
          )}
        </p>
      </div>
      <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
        <button type="submit" className={`${primaryButton} self-start`} disabled={register.pending}>
          {register.pending ? 'Registering…' : 'Register as provider'}
        </button>
        <TransactionFeedback
          pendingText={stageText(register.stage)}
          problem={register.problem}
          hash={register.result}
          done="Registered."
        />
      </div>
    </form>
  )
}
