import { ACCESS_DESCRIPTIONS, ISOLATION_DESCRIPTIONS } from '@/lib/chain/offer-access'
import { formatDuration } from '@/lib/format/duration'
import {
  formatAccess,
  formatBandwidth,
  formatCpus,
  formatIsolation,
  formatReliability,
  formatSize,
  formatUsd,
  formatVram,
} from '@/lib/market/offer-format'
import type { OfferView } from '@/lib/market/offer-view'

function Row({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div className="flex justify-between gap-4 border-b border-line py-2 last:border-b-0">
      <dt className="text-sm text-muted">{term}</dt>
      <dd className="min-w-0 text-right text-sm tabular-nums">{children}</dd>
    </div>
  )
}

/**
 * The offer as signed: hardware (the GPUs, and the CPU, memory and disk sold with them), the ways
 * into the running job and the runner that isolates it, price, rental length, and the identifiers
 * the contract checks.
 */
export function OfferSummary({ view }: { view: OfferView }) {
  const { offer, resources } = view
  return (
    <section
      aria-labelledby="offer-details-heading"
      className="rounded-lg border border-line bg-surface p-4 sm:p-5"
    >
      <h2 id="offer-details-heading" className="text-base font-semibold">
        Offer details
      </h2>
      <dl className="mt-2">
        <Row term="GPU">
          {offer.gpuCount} × {view.gpuName}
        </Row>
        <Row term="GPU memory">{formatVram(offer.vramMiB)} per GPU</Row>
        <Row term="CPU">{formatCpus(resources.cpus)}</Row>
        <Row term="RAM">{formatSize(resources.memoryMiB)}</Row>
        <Row term="Disk">{formatSize(resources.diskMiB)}</Row>
        <Row term="Network">{formatBandwidth(resources.networkMbps)}</Row>
        <Row term="Access">
          <span title={resources.access.map((kind) => ACCESS_DESCRIPTIONS[kind]).join('; ')}>
            {formatAccess(resources.access)}
          </span>
        </Row>
        <Row term="Isolation">
          <span
            title={ISOLATION_DESCRIPTIONS[resources.isolation]}
            className={
              resources.isolation === 'process' ? 'font-medium text-amber-800 dark:text-amber-300' : ''
            }
          >
            {formatIsolation(resources.isolation)}
          </span>
        </Row>
        <Row term="Region">{view.region}</Row>
        <Row term="Price">
          {formatUsd(view.pricePerHourUsd)}/h · {formatUsd(view.pricePerGpuHourUsd)}/GPU-h
        </Row>
        <Row term="Rental length">
          {formatDuration(offer.minDuration)} to {formatDuration(offer.maxDuration)}
        </Row>
        <Row term="Provider reliability">{formatReliability(view.reliability)}</Row>
        <Row term="Payment token">
          <span className="font-mono text-xs break-all">{offer.token}</span>
        </Row>
        <Row term="Offer id">
          <span className="font-mono text-xs break-all">{offer.offerId}</span>
        </Row>
      </dl>
      {view.stale ? (
        <p className="mt-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200">
          The last polls did not refresh this offer: the provider may be down. Its signature still holds until
          it expires, but a provider that does not start your job within the start window owes you a refund.
        </p>
      ) : null}
    </section>
  )
}
