'use client'

import { useId, useState } from 'react'
import { type ControlValue, controlValue, type FilterControl, readNumber } from '@/lib/market/control-value'
import type { Filter, FilterSort } from '@/lib/market/filter-grammar'
import { effectiveSort } from '@/lib/market/offer-query-keys'
import type { OfferPage } from '@/lib/market/offer-view'
import { SORT_CHOICES, sortChoiceKey } from '@/lib/market/sort-choices'
import { secondaryButton } from '@/lib/ui/button-styles'

export type FilterControlsProps = {
  /** The last search that parsed: the controls show it even while the text has a mistake. */
  filter: Pick<Filter, 'clauses' | 'text'>
  sort: FilterSort | undefined
  facets: OfferPage['facets']
  onControl: (control: FilterControl, value: string | number | undefined) => void
  onSort: (sort: FilterSort | undefined) => void
  onClear: () => void
}

const fieldClass =
  'mt-1 block h-9 w-full rounded-md border border-line bg-surface px-2.5 text-sm text-fg disabled:opacity-60'

/** Menus and inputs that edit the search text's clauses (and the sort) one at a time. */
export function FilterControls({ filter, sort, facets, onControl, onSort, onClear }: FilterControlsProps) {
  const gpu = controlValue(filter, 'gpu')
  const region = controlValue(filter, 'region')
  const empty = filter.clauses.length === 0 && filter.text.length === 0 && sort === undefined
  return (
    <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-[repeat(6,minmax(0,1fr))_auto] lg:items-end">
      <ChoiceControl
        label="GPU model"
        value={gpu}
        choices={facets.gpu.map((g) => ({ value: g.gpuModel, label: `${g.gpuName} (${g.count})` }))}
        onChange={(value) => onControl('gpu', value)}
      />
      <ChoiceControl
        label="Region"
        value={region}
        choices={facets.region.map((r) => ({ value: r.region, label: `${r.region} (${r.count})` }))}
        onChange={(value) => onControl('region', value)}
      />
      <NumberControl
        label="Min GPUs"
        value={controlValue(filter, 'minGpus')}
        read={(text) => readNumber(text, { min: 1, integer: true })}
        show={String}
        onChange={(value) => onControl('minGpus', value)}
      />
      <NumberControl
        label="Max $ / GPU-hour"
        value={controlValue(filter, 'maxGpuPrice')}
        read={(text) => readNumber(text)}
        show={String}
        onChange={(value) => onControl('maxGpuPrice', value)}
      />
      <NumberControl
        label="Min reliability %"
        value={controlValue(filter, 'minReliability')}
        read={(text) => {
          const percent = readNumber(text, { max: 100 })
          return percent === undefined ? undefined : percent / 100
        }}
        show={(value) => String(Math.round(value * 10_000) / 100)}
        onChange={(value) => onControl('minReliability', value)}
      />
      <SortControl sort={sort} onSort={onSort} />
      <button
        type="button"
        className={`${secondaryButton} col-span-full sm:col-span-1`}
        onClick={onClear}
        disabled={empty}
      >
        Clear filters
      </button>
    </div>
  )
}

type ChoiceControlProps = {
  label: string
  value: ControlValue<string>
  choices: readonly { value: string; label: string }[]
  onChange: (value: string | undefined) => void
}

const SEVERAL = '\u0000several'

function ChoiceControl({ label, value, choices, onChange }: ChoiceControlProps) {
  const id = useId()
  const current = value.kind === 'one' ? value.value : value.kind === 'several' ? SEVERAL : ''
  // A value typed in the search (a family such as `H100`, or a model not on offer) stays selectable.
  const typed =
    value.kind === 'one' && !choices.some((c) => c.value === value.value) ? value.value : undefined
  return (
    <div>
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <select
        id={id}
        className={fieldClass}
        value={current}
        onChange={(event) =>
          onChange(event.target.value === SEVERAL ? undefined : event.target.value || undefined)
        }
      >
        <option value="">Any</option>
        {value.kind === 'several' ? <option value={SEVERAL}>{value.text} (from search)</option> : null}
        {typed !== undefined ? <option value={typed}>{typed} (from search)</option> : null}
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
    </div>
  )
}

type NumberControlProps = {
  label: string
  value: ControlValue<number>
  /** The number in the filter's unit, or undefined when the text is not one. */
  read: (text: string) => number | undefined
  show: (value: number) => string
  onChange: (value: number | undefined) => void
}

/** A number input that keeps what is being typed ("0.") while the filter holds the last readable value. */
function NumberControl({ label, value, read, show, onChange }: NumberControlProps) {
  const id = useId()
  const fromFilter = value.kind === 'one' ? show(value.value) : ''
  const [draft, setDraft] = useState<{ text: string; basis: string } | null>(null)
  // The draft wins only while it still describes what the filter holds (edits in the text reset it).
  const shown = draft && draft.basis === fromFilter ? draft.text : fromFilter
  const invalid = shown !== '' && read(shown) === undefined
  return (
    <div>
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <input
        id={id}
        type="text"
        inputMode="decimal"
        autoComplete="off"
        className={`${fieldClass} ${invalid ? 'border-red-600 dark:border-red-400' : ''}`}
        value={shown}
        disabled={value.kind === 'several'}
        title={value.kind === 'several' ? `Set in the search: ${value.text}` : undefined}
        aria-invalid={invalid || undefined}
        onChange={(event) => {
          const text = event.target.value
          const parsed = text.trim() === '' ? undefined : read(text.trim())
          const unreadable = text.trim() !== '' && parsed === undefined
          const basis = unreadable ? fromFilter : parsed === undefined ? '' : show(parsed)
          setDraft({ text, basis })
          if (!unreadable) onChange(parsed)
        }}
      />
    </div>
  )
}

function SortControl({
  sort,
  onSort,
}: {
  sort: FilterSort | undefined
  onSort: (sort: FilterSort | undefined) => void
}) {
  const id = useId()
  return (
    <div className="col-span-2 sm:col-span-1">
      <label htmlFor={id} className="text-sm font-medium">
        Sort by
      </label>
      <select
        id={id}
        className={fieldClass}
        value={sortChoiceKey(effectiveSort(sort))}
        onChange={(event) => {
          const choice = SORT_CHOICES.find((c) => sortChoiceKey(c.sort) === event.target.value)
          if (choice) onSort(choice.sort)
        }}
      >
        {SORT_CHOICES.map((choice) => (
          <option key={sortChoiceKey(choice.sort)} value={sortChoiceKey(choice.sort)}>
            {choice.label}
          </option>
        ))}
      </select>
    </div>
  )
}
