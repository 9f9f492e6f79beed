import { formatUtcMoment } from '@/lib/format/moment'
import { formatUsdcFigure } from '@/lib/format/token-amount'
import { formatReliability } from '@/lib/market/offer-format'
import type { ProviderRecord } from '@/lib/market/provider-list'

/** What the market has seen of the provider: stake at risk, how reliably it answers, since when. */
export function ProviderRecordPanel({ address, record }: { address: string; record: ProviderRecord | null }) {
  return (
    <section
      aria-labelledby="provider-heading"
      className="rounded-lg border border-line bg-surface p-4 sm:p-5"
    >
      <h2 id="provider-heading" className="text-base font-semibold">
        Provider
      </h2>
      <p className="mt-1 font-mono text-xs break-all text-muted">{address}</p>
      {record ? (
        <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-3 sm:grid-cols-3">
          <div>
            <dt className="text-xs text-muted">Stake</dt>
            <dd className="text-sm font-medium tabular-nums">
              {formatUsdcFigure(BigInt(record.stake))} USDC
            </dd>
          </div>
          <div>
            <dt className="text-xs text-muted">Reliability, 7 days</dt>
            <dd className="text-sm font-medium tabular-nums">{formatReliability(record.reliability7d)}</dd>
          </div>
          <div>
            <dt className="text-xs text-muted">Reliability, last hour</dt>
            <dd className="text-sm font-medium tabular-nums">{formatReliability(record.reliability1h)}</dd>
          </div>
          <div>
            <dt className="text-xs text-muted">Registered</dt>
            <dd className="text-sm">{formatUtcMoment(record.registeredAt)}</dd>
          </div>
          <div>
            <dt className="text-xs text-muted">Last answered</dt>
            <dd className="text-sm">{formatUtcMoment(record.lastOkAt)}</dd>
          </div>
          <div>
            <dt className="text-xs text-muted">Live offers</dt>
            <dd className="text-sm tabular-nums">{record.offerCount}</dd>
          </div>
        </dl>
      ) : (
        <p className="mt-3 text-sm text-muted">The market has no record of this provider yet.</p>
      )}
      <p className="mt-3 text-xs text-muted text-pretty">
        The stake is what the provider puts at risk: if it does not start a paid rental in time, part of it
        goes to the renter.
      </p>
    </section>
  )
}
