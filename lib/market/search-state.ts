import { canonicalOfferQuery } from './canonical-query'
import { type FilterError, type FilterResult, type FilterSort, parseFilter } from './filter-grammar'
import { formatFilter } from './filter-grammar-format'
import { filterFromSearchParams } from './filter-grammar-params'

/** What the marketplace's search shows for a URL: the search text, the sort, and a link's bad parameter. */
export type SearchState = {
  /** The whole filter as one search text (URL parameters such as `gpus_min=2` written as `gpus>=2`). */
  text: string
  sort?: FilterSort
  /** A parameter other than `q` that could not be read; it is left out of the search, and said so. */
  ignored?: FilterError
}

/**
 * Reads the page's URL parameters into the search box's state. A malformed `q` is kept as typed (the
 * search box then underlines the mistake); a malformed other parameter is dropped with its error.
 */
export function searchStateFromParams(params: URLSearchParams): SearchState {
  const parsed = filterFromSearchParams(params)
  if (parsed.ok) {
    const { filter } = parsed
    return { text: formatFilter(filter), ...(filter.sort ? { sort: filter.sort } : {}) }
  }
  const typed = params.getAll('q').join(' ').trim()
  const rest = new URLSearchParams(params)
  rest.delete('q')
  if (parsed.error.param === 'q') {
    // The text stays as typed, first, so the parser's positions in it hold; the rest follows it.
    const others = filterFromSearchParams(rest)
    const tail = others.ok ? formatFilter(others.filter) : ''
    const sort = others.ok ? others.filter.sort : undefined
    return { text: [typed, tail].filter((part) => part !== '').join(' '), ...(sort ? { sort } : {}) }
  }
  // Drop the unreadable parameter (and a bad sort or order with it) and keep everything else.
  const bad = parsed.error.param
  if (bad === undefined || !params.has(bad)) return { text: typed, ignored: parsed.error }
  rest.delete(bad)
  if (bad === 'sort' || bad === 'order') {
    rest.delete('sort')
    rest.delete('order')
  }
  const kept = new URLSearchParams(rest)
  for (const q of params.getAll('q')) kept.append('q', q)
  const retry = searchStateFromParams(kept)
  return { ...retry, ignored: parsed.error }
}

/** The search state as the server hands it to the page: parsed there, so first paint needs no parser. */
export type InitialSearch = SearchState & {
  parsed: FilterResult
  /** The canonical query of the parsed search; undefined when it does not parse. */
  canonical: string | undefined
}

export function initialSearch(params: URLSearchParams): InitialSearch {
  const state = searchStateFromParams(params)
  const parsed = parseFilter(state.text)
  return {
    ...state,
    parsed,
    canonical: parsed.ok ? canonicalOfferQuery(parsed.filter, state.sort) : undefined,
  }
}
