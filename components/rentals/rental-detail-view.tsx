'use client'

import { useQuery, useQueryClient } from '@tanstack/react-query'
import { lazy, useEffect, useMemo } from 'react'
import { ApiFailure } from '@/lib/http/api-failure'
import { rentalDetailOptions, rentalQueryKeys } from '@/lib/rentals/rental-api'
import type { RentalTarget } from '@/lib/rentals/rental-calls'
import type { RentalDetail } from '@/lib/rentals/rental-detail'
import { factsFromChain, factsFromView, mergeFacts } from '@/lib/rentals/rental-facts'
import { gpuLabel } from '@/lib/rentals/rental-format'
import { useRentalEvents } from '@/lib/rentals/use-rental-events'
import { WalletIsland } from '../wallet-island'
import { AccessProblem } from './access-problem'
import { CreditNotice } from './credit-notice'
import { GpuCharts } from './gpu-charts'
import { LogView } from './log-view'
import { ReceiptList } from './receipt-list'
import { RentalAccess } from './rental-access'
import { ActionsStandIn } from './rental-actions-stand-in'
import { RentalSummary } from './rental-summary'
import { SignInGate } from './sign-in-gate'
import { StreamStatus } from './stream-status'

// Wallet UI loads with the wallet stack, not with the page.
const RentalActions = lazy(() =>
  import('./rental-actions').then((module) => ({ default: module.RentalActions })),
)
const SettleNoShow = lazy(() =>
  import('./settle-no-show').then((module) => ({ default: module.SettleNoShow })),
)

type RentalDetailViewProps = {
  id: string
  /** The rental as the server read it for the first paint, when it could. */
  initial: RentalDetail | undefined
  /** When the server rendered the page (ms since the epoch): the clock's first reading, on both sides. */
  renderedAt: number
}

/** One rental, live: status, clock and money, the renter's actions, logs, GPU charts and receipts. */
export function RentalDetailView(props: RentalDetailViewProps) {
  return <SignInGate reason="to see this rental">{() => <RentalDetailLive {...props} />}</SignInGate>
}

function RentalDetailLive({ id, initial, renderedAt }: RentalDetailViewProps) {
  const queryClient = useQueryClient()
  const detail = useQuery({
    ...rentalDetailOptions(id),
    initialData: initial,
    initialDataUpdatedAt: renderedAt,
  })
  // The stream checks access itself, so it opens beside the first read rather than after it:
  // the job's status reaches the page a round trip sooner. A refused rental closes it.
  const refused =
    detail.error instanceof ApiFailure && detail.error.status >= 400 && detail.error.status < 500
  const live = useRentalEvents(id, !refused)
  const data = detail.data

  // The index moved (started, stopped, extended, claimed): reload the chain's state and the receipts.
  const indexed = data?.rental
  useEffect(() => {
    if (live.rental === undefined || live.rental === null) return
    const key = (v: typeof live.rental) => v && [v.status, v.duration, v.paid, v.refunded].join()
    if (!indexed || key(live.rental) !== key(indexed))
      void queryClient.invalidateQueries({ queryKey: rentalQueryKeys.detail(id) })
  }, [live.rental, indexed, id, queryClient])

  const job = live.job !== undefined ? live.job : (data?.agent ?? null)
  const facts = useMemo(() => {
    if (!data) return null
    return mergeFacts(
      [
        live.rental ? factsFromView(live.rental) : null,
        data.chain ? factsFromChain(data.chain, data.rental) : null,
        data.rental ? factsFromView(data.rental) : null,
      ],
      job,
    )
  }, [data, live.rental, job])
  const target = useMemo<RentalTarget | null>(
    () =>
      data && facts
        ? { id: BigInt(data.id), market: data.market, chainId: data.chainId, token: facts.token }
        : null,
    [data, facts],
  )

  if (detail.isPending)
    return (
      <p className="text-sm text-muted" aria-busy="true">
        Loading the rental…
      </p>
    )
  if (!data) return <AccessProblem error={detail.error ?? new Error('No answer.')} what="this rental" />
  if (!facts || !target)
    return (
      <p role="alert" className="text-sm">
        {data.chainError ?? 'Neither the chain nor the market’s index could describe this rental.'} Reload to
        try again.
      </p>
    )

  const started = !['pending', 'cancelled', 'declined', 'no-show'].includes(facts.status)
  const waiting = started ? null : 'The job’s output appears here once the provider starts it.'
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-muted">
          <span className="font-medium text-fg">{gpuLabel(facts.gpuModel, facts.gpuCount)}</span>
          {data.role === 'provider' ? ' · you are this rental’s provider' : null}
        </p>
        <StreamStatus
          connection={live.connection}
          agentError={live.agentError ?? data.agentError}
          onRetry={live.reconnect}
        />
      </div>
      <RentalSummary facts={facts} job={job} role={data.role} renderedAt={renderedAt} />
      <CreditNotice receipts={data.receipts} role={data.role} target={target} />
      {data.role === 'renter' ? (
        <WalletIsland fallback={<ActionsStandIn />}>
          <RentalActions facts={facts} target={target} />
        </WalletIsland>
      ) : facts.status === 'pending' ? (
        // A provider's pending rental may be settled as a no-show: worth the wallet at once.
        <WalletIsland eager fallback={null}>
          <SettleNoShow facts={facts} target={target} />
        </WalletIsland>
      ) : null}
      {data.role === 'renter' && data.agentEndpoint ? (
        <RentalAccess
          endpoint={data.agentEndpoint}
          id={data.id}
          renter={facts.renter}
          status={facts.status}
        />
      ) : null}
      <LogView logs={live.logs} waiting={waiting} />
      <GpuCharts series={live.gpus} waiting={started ? null : 'GPU readings appear once the job runs.'} />
      <ReceiptList
        receipts={data.receipts}
        error={data.receiptsError}
        role={data.role}
        chainId={data.chainId}
      />
    </div>
  )
}
