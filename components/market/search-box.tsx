'use client'

import { type KeyboardEvent, useId, useLayoutEffect, useMemo, useRef, useState } from 'react'
import type { FilterError } from '@/lib/market/filter-grammar'
import type { FilterSuggestion } from '@/lib/market/filter-grammar-suggestions'
import { useDeferredModule } from '@/lib/ui/use-deferred-module'

type SearchBoxProps = {
  value: string
  onChange: (text: string) => void
  /** Enter without a suggestion chosen: search now rather than after the typing pause. */
  onSubmit: () => void
  error: FilterError | undefined
  regions: readonly string[]
}

const loadCompletion = () => import('./search-completion')

/**
 * The search box: the filter grammar with completions in a listbox (arrows, Enter, Escape) and the
 * parser's error underlined where it is, with its sentence below.
 */
export function SearchBox({ value, onChange, onSubmit, error, regions }: SearchBoxProps) {
  const id = useId()
  const input = useRef<HTMLInputElement>(null)
  const mirror = useRef<HTMLDivElement>(null)
  const [caret, setCaret] = useState(value.length)
  const [open, setOpen] = useState(false)
  const [active, setActive] = useState(-1)
  const pendingCaret = useRef<number | null>(null)

  // Completions (and the GPU catalog behind them) load when the box is first focused, not with the page.
  const completion = useDeferredModule(loadCompletion, open)
  const options = useMemo(
    () => (open && completion ? completion.suggestions(value, caret, { regions }) : []),
    [open, completion, value, caret, regions],
  )
  const expanded = open && options.length > 0
  const listId = `${id}-suggestions`
  const errorId = `${id}-error`

  useLayoutEffect(() => {
    const field = input.current
    if (field && pendingCaret.current !== null) {
      field.setSelectionRange(pendingCaret.current, pendingCaret.current)
      pendingCaret.current = null
    }
    if (field && mirror.current) mirror.current.scrollLeft = field.scrollLeft
  })

  const track = () => {
    const field = input.current
    if (!field) return
    setCaret(field.selectionStart ?? field.value.length)
    if (mirror.current) mirror.current.scrollLeft = field.scrollLeft
  }

  const choose = (suggestion: FilterSuggestion) => {
    if (!completion) return
    const next = completion.applySuggestion(value, suggestion)
    pendingCaret.current = next.caret
    setCaret(next.caret)
    setActive(-1)
    onChange(next.text)
  }

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault()
      if (!expanded) {
        setOpen(true)
        return
      }
      const step = event.key === 'ArrowDown' ? 1 : -1
      const n = options.length
      setActive((current) => (current < 0 ? (step > 0 ? 0 : n - 1) : (current + step + n) % n))
      return
    }
    if (event.key === 'Enter') {
      const chosen = expanded ? options[active] : undefined
      event.preventDefault()
      if (chosen) choose(chosen)
      else {
        setOpen(false)
        onSubmit()
      }
      return
    }
    if (event.key === 'Escape' && expanded) {
      event.preventDefault()
      setOpen(false)
      setActive(-1)
    }
  }

  const activeOption = expanded && active >= 0 ? options[active] : undefined
  return (
    <div className="relative">
      <label htmlFor={`${id}-input`} className="text-sm font-medium">
        Search offers
      </label>
      <div className="relative mt-1.5 rounded-md bg-surface">
        {/* The mirror draws the underline behind the transparent input, scrolled along with it. */}
        <div
          ref={mirror}
          aria-hidden="true"
          className="pointer-events-none absolute inset-0 overflow-hidden rounded-md border border-transparent px-3 py-2 font-mono text-sm whitespace-pre text-transparent"
        >
          {error ? <ErrorMark text={value} error={error} /> : null}
        </div>
        <input
          ref={input}
          id={`${id}-input`}
          type="text"
          role="combobox"
          aria-expanded={expanded}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={activeOption ? `${listId}-${active}` : undefined}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : `${id}-hint`}
          autoComplete="off"
          autoCapitalize="off"
          autoCorrect="off"
          spellCheck={false}
          value={value}
          placeholder="gpu=H100 gpus>=2 price<3 region=EU"
          onChange={(event) => {
            onChange(event.target.value)
            setCaret(event.target.selectionStart ?? event.target.value.length)
            setOpen(true)
            setActive(-1)
          }}
          onKeyDown={onKeyDown}
          onSelect={track}
          onScroll={track}
          onFocus={() => setOpen(true)}
          onBlur={() => setOpen(false)}
          className={`relative block w-full rounded-md border bg-transparent px-3 py-2 font-mono text-sm ${error ? 'border-red-600 dark:border-red-400' : 'border-line'}`}
        />
        {expanded && completion ? (
          <completion.SuggestionList id={listId} options={options} active={active} onChoose={choose} />
        ) : (
          <div id={listId} role="listbox" aria-label="Suggestions" hidden />
        )}
      </div>
      {error ? (
        <p id={errorId} role="alert" className="mt-1.5 text-sm text-red-700 dark:text-red-400">
          {error.message}
          <span className="sr-only">
            {' '}
            (characters {error.start + 1} to {Math.max(error.start + 1, error.end)})
          </span>
        </p>
      ) : (
        <p id={`${id}-hint`} className="mt-1.5 text-xs text-muted">
          Fields: gpu, gpus, price, gpuprice, vram, cpus, ram, disk, region, reliability, duration, provider,
          stake. ↑↓ for suggestions.
        </p>
      )}
    </div>
  )
}

/** The search text with the error's start..end marked; an error at the very end marks one space. */
function ErrorMark({ text, error }: { text: string; error: FilterError }) {
  const start = Math.min(error.start, text.length)
  const end = Math.min(Math.max(error.end, start), text.length)
  const marked = text.slice(start, end) || ' '
  return (
    <>
      {text.slice(0, start)}
      <mark className="rounded-sm bg-red-500/15 text-transparent underline decoration-red-600 decoration-wavy decoration-2 underline-offset-4 dark:decoration-red-400">
        {marked}
      </mark>
      {text.slice(end)}
    </>
  )
}
