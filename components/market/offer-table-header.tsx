import type { FilterSort } from '@/lib/market/filter-grammar'
import type { NumericField } from '@/lib/market/filter-grammar-fields'
import { ROW_GRID } from './offer-row'

type SortKey = { label: string; field: NumericField; first: 'asc' | 'desc' }
type Column = {
  label: string
  sorts: readonly SortKey[]
  /** Grid placement from md: the resources sit under the GPU, the other columns span both lines. */
  place: string
  align?: 'right'
  /** Shown after the sort toggles: what the cells also hold that no sort orders by. */
  after?: string
}

const sortable = (label: string, field: NumericField, first: 'asc' | 'desc', align?: 'right'): Column => ({
  label,
  sorts: [{ label, field, first }],
  place: 'md:row-span-2',
  ...(align ? { align } : {}),
})

/** In the order of the row's cells (offer-row.tsx). */
const COLUMNS: readonly Column[] = [
  { ...sortable('GPU', 'gpus', 'desc'), place: 'md:col-start-1 md:row-start-1' },
  sortable('VRAM', 'vram', 'desc', 'right'),
  sortable('$ / hour', 'price', 'asc', 'right'),
  sortable('$ / GPU-hour', 'gpuprice', 'asc', 'right'),
  { label: 'Region', sorts: [], place: 'md:row-span-2' },
  sortable('Reliability', 'reliability', 'desc', 'right'),
  sortable('Stake', 'stake', 'desc', 'right'),
  sortable('Max rental', 'duration', 'desc', 'right'),
  {
    label: 'CPU, RAM, disk, access and isolation',
    sorts: [
      { label: 'CPU', field: 'cpus', first: 'desc' },
      { label: 'RAM', field: 'ram', first: 'desc' },
      { label: 'Disk', field: 'disk', first: 'desc' },
    ],
    place: 'md:col-start-1 md:row-start-2',
    after: 'Access · Isolation',
  },
]

type HeaderProps = { current: FilterSort; onSort: (sort: FilterSort) => void }

/**
 * A column's sort toggle. The arrow keeps its room when inactive so labels do not shift, except
 * where several toggles share a narrow header (`compact`).
 */
function SortButton({ sort, current, onSort, compact }: HeaderProps & { sort: SortKey; compact: boolean }) {
  const active = current.field === sort.field
  return (
    <button
      type="button"
      className="inline-flex items-center gap-1 rounded hover:text-fg"
      onClick={() => {
        const order = active ? (current.order === 'asc' ? 'desc' : 'asc') : sort.first
        onSort({ field: sort.field, order })
      }}
    >
      {sort.label}
      <span aria-hidden="true" className={active ? 'text-fg' : compact ? 'hidden' : 'opacity-0'}>
        {current.order === 'asc' ? '↑' : '↓'}
      </span>
    </button>
  )
}

/** The table's column header (from md; cards need none), each numeric column a sort toggle. */
export function OfferTableHeader({ current, onSort }: HeaderProps) {
  return (
    <thead className="sticky top-0 z-10 hidden rounded-t-lg border-b border-line bg-surface md:block">
      <tr aria-rowindex={1} className={`${ROW_GRID} h-10 text-xs font-medium text-muted`}>
        {COLUMNS.map((column) => {
          const active = column.sorts.find((s) => s.field === current.field)
          return (
            <th
              key={column.label}
              scope="col"
              aria-label={column.sorts.length > 1 ? column.label : undefined}
              aria-sort={active ? (current.order === 'asc' ? 'ascending' : 'descending') : undefined}
              className={`${column.place} ${column.align === 'right' ? 'text-right' : 'text-left'} truncate font-medium`}
            >
              {column.sorts.length === 0
                ? column.label
                : column.sorts.map((sort, i) => (
                    <span key={sort.field}>
                      {i > 0 ? <span aria-hidden="true"> · </span> : null}
                      <SortButton
                        sort={sort}
                        current={current}
                        onSort={onSort}
                        compact={column.sorts.length > 1}
                      />
                    </span>
                  ))}
              {column.after ? <span> · {column.after}</span> : null}
            </th>
          )
        })}
      </tr>
    </thead>
  )
}
