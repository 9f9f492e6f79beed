import { type FilterSuggestion, suggestions } from '@/lib/market/filter-grammar-suggestions'

/**
 * The search box's completions: the suggestions, the list that shows them and how one is applied.
 * Loaded when the box is first focused (with the GPU catalog the suggestions draw on), not with the page.
 */
export { suggestions }

/** Text with one suggestion applied, and where the caret goes after it. */
export function applySuggestion(text: string, suggestion: FilterSuggestion) {
  const before = text.slice(0, suggestion.start) + suggestion.insert
  const after = text.slice(suggestion.end)
  // A finished value is followed by a space so the next term can be typed straight away.
  const space = suggestion.kind === 'value' && !/^\s/.test(after) ? ' ' : ''
  return { text: before + space + after, caret: before.length + space.length }
}

type SuggestionListProps = {
  id: string
  options: readonly FilterSuggestion[]
  active: number
  onChoose: (option: FilterSuggestion) => void
}

/** The listbox under the search box; the input keeps focus and points at the active option. */
export function SuggestionList({ id, options, active, onChoose }: SuggestionListProps) {
  return (
    <div
      id={id}
      role="listbox"
      aria-label="Suggestions"
      className="absolute inset-x-0 top-full z-20 mt-1 max-h-72 overflow-y-auto rounded-md border border-line bg-surface py-1 shadow-lg"
    >
      {options.map((option, index) => (
        <div
          key={`${option.kind}:${option.label}`}
          id={`${id}-${index}`}
          role="option"
          aria-selected={index === active}
          tabIndex={-1}
          // Chosen on press, not click, so focus (and the caret) never leave the input.
          onMouseDown={(event) => {
            event.preventDefault()
            onChoose(option)
          }}
          className="flex cursor-pointer items-baseline justify-between gap-4 px-3 py-1.5 text-sm aria-selected:bg-subtle hover:bg-subtle"
        >
          <span className="font-mono">{option.label}</span>
          {option.detail ? <span className="truncate text-xs text-muted">{option.detail}</span> : null}
        </div>
      ))}
    </div>
  )
}
