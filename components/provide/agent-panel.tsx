'use client'

import type { Address } from 'viem'
import type { MarketContracts } from '@/lib/chain/market-contracts'
import { formatUtcMoment } from '@/lib/format/moment'
import { type AgentHealth, describeAgentHealth } from '@/lib/provide/agent-health'
import { checkEndpoint } from '@/lib/provide/provider-forms'
import { useUpdateEndpoint } from '@/lib/provide/use-provider-actions'
import { type Registration, useMarketProvider } from '@/lib/provide/use-provider-data'
import { AmountActionForm } from './amount-action-form'
import { ConsoleSection, Fact } from './console-parts'

const toneStyle: Record<AgentHealth['tone'], string> = {
  ok: 'bg-emerald-500',
  warning: 'bg-amber-500',
  error: 'bg-red-500',
  unknown: 'bg-slate-400',
}

const toneLabel: Record<AgentHealth['tone'], string> = {
  ok: 'Healthy',
  warning: 'Needs attention',
  error: 'Failing',
  unknown: 'Unknown',
}

type AgentPanelProps = {
  contracts: MarketContracts
  account: Address
  registration: Registration
  allowHttp: boolean
}

/** The registration (id, endpoint) and how the market's polls of the agent behind it are going. */
export function AgentPanel({ contracts, account, registration, allowHttp }: AgentPanelProps) {
  const marketView = useMarketProvider(account)
  const update = useUpdateEndpoint(contracts)
  const health = marketView.data !== undefined ? describeAgentHealth(marketView.data, new Date()) : undefined
  return (
    <ConsoleSection id="agent-title" title="Registration and agent">
      <dl className="grid gap-4 text-sm sm:grid-cols-3">
        <Fact term="Provider id">{registration.providerId}</Fact>
        <Fact term="Registered">
          {registration.registeredAt ? formatUtcMoment(registration.registeredAt) : '—'}
        </Fact>
        <Fact term="Endpoint">
          <span className="font-mono text-xs">{registration.endpoint}</span>
        </Fact>
      </dl>
      <div role="status" aria-label="Agent health" className="rounded-md border border-line bg-canvas p-4">
        {health ? (
          <>
            <p className="flex items-start gap-2 text-sm font-medium">
              <span
                aria-hidden="true"
                className={`mt-1.5 size-2 shrink-0 rounded-full ${toneStyle[health.tone]}`}
              />
              <span>
                <span className="sr-only">{toneLabel[health.tone]}: </span>
                {health.headline}
              </span>
            </p>
            <ul className="mt-2 space-y-1 pl-4 text-sm text-muted">
              {health.details.map((detail) => (
                <li key={detail}>{detail}</li>
              ))}
            </ul>
          </>
        ) : (
          <p className="text-sm text-muted">
            {marketView.error
              ? `The market’s view of your agent is unavailable: ${marketView.error.message}`
              : 'Asking the market how your agent is doing…'}
          </p>
        )}
      </div>
      <AmountActionForm
        label="New endpoint"
        button="Update endpoint"
        done="Endpoint updated."
        placeholder="https://gpu-1.example.com"
        check={(text) => {
          const checked = checkEndpoint(text, { allowHttp })
          return checked.ok && checked.value === registration.endpoint
            ? { ok: false, message: 'That is the endpoint already registered.' }
            : checked
        }}
        action={update}
      />
    </ConsoleSection>
  )
}
