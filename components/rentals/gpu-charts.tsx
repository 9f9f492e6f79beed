import { memo, useId } from 'react'
import type { GpuSample } from '@/lib/protocol/gpu-metrics'
import {
  average,
  type ChartFrame,
  chartSpan,
  type GpuSeries,
  linePath,
  memoryPct,
} from '@/lib/rentals/gpu-series'

const WIDTH = 600
const HEIGHT = 140
/** One colour per GPU, readable on both themes; the legend names each in text as well. */
const STROKES = [
  'stroke-indigo-500',
  'stroke-emerald-500',
  'stroke-amber-500',
  'stroke-rose-500',
  'stroke-sky-500',
  'stroke-fuchsia-500',
  'stroke-lime-500',
  'stroke-orange-500',
]
const SWATCHES = [
  'bg-indigo-500',
  'bg-emerald-500',
  'bg-amber-500',
  'bg-rose-500',
  'bg-sky-500',
  'bg-fuchsia-500',
  'bg-lime-500',
  'bg-orange-500',
]

type Metric = {
  title: string
  read: (sample: GpuSample) => number | null
  /** The latest reading in words, e.g. "97 %" or "20,480 of 81,920 MiB (25 %)". */
  describe: (sample: GpuSample) => string
}

const pct = (value: number | null) => (value === null ? 'not reported' : `${Math.round(value)} %`)
const mib = (value: number) => value.toLocaleString('en-US', { maximumFractionDigits: 0 })

const METRICS: Metric[] = [
  { title: 'GPU utilisation', read: (s) => s.utilizationPct, describe: (s) => pct(s.utilizationPct) },
  {
    title: 'GPU memory in use',
    read: memoryPct,
    describe: (s) =>
      s.memoryUsedMiB === null
        ? 'not reported'
        : `${mib(s.memoryUsedMiB)} of ${mib(s.memoryMiB)} MiB (${pct(memoryPct(s))})`,
  },
]

/** Utilisation and memory of the rental's GPUs over the last ten minutes, as small line charts. */
function GpuChartsContent({ series, waiting }: { series: GpuSeries; waiting: string | null }) {
  const span = chartSpan(series)
  const gpus = [...series.keys()].sort((a, b) => a - b)
  return (
    <section aria-labelledby="gpu-heading" className="flex flex-col gap-3">
      <h2 id="gpu-heading" className="text-lg font-semibold">
        GPU use
      </h2>
      {span === null ? (
        <p className="text-sm text-muted">
          {waiting ?? 'No GPU readings yet: they arrive every few seconds.'}
        </p>
      ) : (
        <div className="grid gap-4 md:grid-cols-2">
          {METRICS.map((metric) => (
            <MetricChart
              key={metric.title}
              metric={metric}
              series={series}
              gpus={gpus}
              frame={{ ...span, width: WIDTH, height: HEIGHT }}
            />
          ))}
        </div>
      )}
    </section>
  )
}

function MetricChart({
  metric,
  series,
  gpus,
  frame,
}: {
  metric: Metric
  series: GpuSeries
  gpus: number[]
  frame: ChartFrame
}) {
  const id = useId()
  const rows = gpus.map((index, i) => {
    const samples = series.get(index) ?? []
    const latest = samples.at(-1)
    const mean = average(samples.map(metric.read))
    return {
      index,
      stroke: STROKES[i % STROKES.length],
      swatch: SWATCHES[i % SWATCHES.length],
      path: linePath(
        samples.map((s) => ({ timeMs: s.timeMs, value: metric.read(s) })),
        frame,
      ),
      now: latest ? metric.describe(latest) : 'not reported',
      mean: mean === null ? null : Math.round(mean),
    }
  })
  const minutes = Math.round((frame.toMs - frame.fromMs) / 60_000)
  const summary = rows
    .map((row) => `GPU ${row.index}: now ${row.now}${row.mean === null ? '' : `, average ${row.mean} %`}`)
    .join('; ')
  return (
    <figure className="min-w-0 rounded-lg border border-line bg-surface p-3">
      <div className="flex gap-2">
        <div
          aria-hidden="true"
          className="flex h-32 flex-col justify-between whitespace-nowrap text-[10px] leading-none text-muted"
        >
          <span>100 %</span>
          <span>50 %</span>
          <span>0 %</span>
        </div>
        <svg
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          role="img"
          aria-labelledby={`${id}-title ${id}-desc`}
          className="h-32 w-full min-w-0 flex-1 overflow-visible"
          preserveAspectRatio="none"
        >
          <title id={`${id}-title`}>{`${metric.title}, last ${minutes} minutes, 0 to 100 %`}</title>
          <desc id={`${id}-desc`}>{summary}</desc>
          {[0, 50, 100].map((level) => (
            <line
              key={level}
              x1={0}
              x2={WIDTH}
              y1={HEIGHT - (level / 100) * HEIGHT}
              y2={HEIGHT - (level / 100) * HEIGHT}
              className="stroke-line"
              strokeDasharray={level === 0 ? undefined : '4 4'}
              vectorEffect="non-scaling-stroke"
            />
          ))}
          {rows.map((row) => (
            <path
              key={row.index}
              d={row.path}
              fill="none"
              className={row.stroke}
              strokeWidth={2}
              strokeLinejoin="round"
              vectorEffect="non-scaling-stroke"
            />
          ))}
        </svg>
      </div>
      <figcaption className="mt-2 text-sm">
        <span className="font-medium">{metric.title}</span>
        <span className="text-muted"> · last {minutes} min</span>
        <ul className="mt-1 flex flex-col gap-0.5 text-xs text-muted">
          {rows.map((row) => (
            <li key={row.index} className="flex items-center gap-2">
              <span aria-hidden="true" className={`inline-block size-2 rounded-full ${row.swatch}`} />
              GPU {row.index}: <span className="text-fg tabular-nums">{row.now}</span>
              {row.mean === null ? null : <span className="tabular-nums">(average {row.mean} %)</span>}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  )
}

/** Rendered again only when its series or note change, not on every live event of the page. */
export const GpuCharts = memo(GpuChartsContent)
