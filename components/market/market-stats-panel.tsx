import type { ModelStats } from '@/lib/market/market-stats'
import { formatCount, formatUsd } from '@/lib/market/offer-format'

const cell = 'px-2 py-1.5 text-right tabular-nums'

/**
 * Per GPU model: GPUs on offer and what a GPU-hour costs (min, median, max) over live offers, as of
 * this page load. Rendered on the server only. Each model links to the listing filtered to it; in
 * the page, MarketView turns that click into a change of the GPU filter that keeps the others.
 */
export function MarketStatsPanel({ models }: { models: readonly ModelStats[] }) {
  return (
    <section aria-labelledby="market-stats-title" className="rounded-lg border border-line bg-surface">
      <h2 id="market-stats-title" className="border-b border-line px-4 py-3 text-sm font-semibold">
        Prices per GPU-hour by model
      </h2>
      {models.length === 0 ? (
        <p className="px-4 py-3 text-sm text-muted">No live offers, so no prices yet.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <thead className="text-xs text-muted">
              <tr>
                <th scope="col" className="px-4 py-2 text-left font-medium">
                  Model
                </th>
                {['GPUs', 'Min', 'Median', 'Max'].map((label) => (
                  <th key={label} scope="col" className="px-2 py-2 text-right font-medium">
                    {label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {models.map((model) => (
                <tr key={model.gpuModel} className="border-t border-line">
                  <th scope="row" className="px-4 py-1.5 text-left font-medium">
                    <a
                      href={`/?gpu=${encodeURIComponent(model.gpuModel)}`}
                      data-gpu-model={model.gpuModel}
                      title={`Show only ${model.gpuName} offers`}
                      className="rounded text-accent-text hover:underline"
                    >
                      {model.gpuName}
                    </a>
                  </th>
                  <td className={cell}>{formatCount(model.gpusAvailable)}</td>
                  <td className={cell}>{formatUsd(model.minPerGpuHourUsd)}</td>
                  <td className={cell}>{formatUsd(model.medianPerGpuHourUsd)}</td>
                  <td className={cell}>{formatUsd(model.maxPerGpuHourUsd)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
