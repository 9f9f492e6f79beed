'use client'

import { useSearchParams } from 'next/navigation'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { useDeferredModule } from '@/lib/ui/use-deferred-module'
import { reached } from '@/lib/ui/when-reached'
import type { FilterControl } from './control-value'
import type { Filter, FilterResult, FilterSort } from './filter-grammar'
import { warmListingReader } from './market-queries'
import { DEFAULT_OFFER_SORT } from './offer-query-keys'
import type { InitialSearch } from './search-state'

/** Typing pause before a search goes to the server (and into the URL). */
const TYPING_PAUSE_MS = 300

const loadGrammar = () => import('./market-grammar')
type Grammar = Awaited<ReturnType<typeof loadGrammar>>

const EMPTY: Filter = { clauses: [], text: [] }
const isDefault = (sort: FilterSort) =>
  sort.field === DEFAULT_OFFER_SORT.field && sort.order === DEFAULT_OFFER_SORT.order
const sameSort = (a: FilterSort | undefined, b: FilterSort | undefined) =>
  a === b || (a !== undefined && b !== undefined && a.field === b.field && a.order === b.order)

/**
 * The marketplace's search: the text in the box, the sort, the query being fetched, and the URL,
 * kept in step. The URL always holds the canonical query of the last search that parsed, replaced
 * in place (no history entry per keystroke, no server round trip); a URL changed from outside
 * (back, forward, a link) resets the search to it.
 *
 * The server parses the search the page opens with; the parser itself arrives when someone reaches
 * for the search, and an edit made before then waits for it.
 */
export function useMarketSearch(initial: InitialSearch) {
  const [text, setText] = useState(initial.text)
  const [sort, setSortState] = useState<FilterSort | undefined>(initial.sort)
  const [reaching, setReaching] = useState(false)
  const grammar = useDeferredModule(loadGrammar, reaching)

  const pristine = text === initial.text
  // The server's parse stands for the text it parsed, so the menus' props keep their identity.
  const parsed: FilterResult | undefined = useMemo(
    () => (pristine ? initial.parsed : grammar?.parseFilter(text)),
    [grammar, text, pristine, initial.parsed],
  )
  const filter = parsed?.ok ? parsed.filter : undefined
  // The last search that parsed (React's "state from the previous render" pattern, not an effect).
  const [lastGood, setLastGood] = useState<Filter>(filter ?? EMPTY)
  if (filter && filter !== lastGood) setLastGood(filter)
  const canonical = !filter
    ? undefined
    : pristine && sameSort(sort, initial.sort)
      ? initial.canonical
      : grammar?.canonicalOfferQuery(filter, sort)
  const [committed, setCommitted] = useState(initial.canonical)

  // Typing waits for a pause; everything else (menus, sort, Enter) searches at once.
  useEffect(() => {
    if (canonical === undefined || canonical === committed) return
    const timer = setTimeout(() => setCommitted(canonical), TYPING_PAUSE_MS)
    return () => clearTimeout(timer)
  }, [canonical, committed])

  const searchParams = useSearchParams()
  const urlQuery = searchParams.toString()
  const written = useRef(urlQuery)
  useEffect(() => {
    if (committed === undefined || committed === written.current) return
    written.current = committed
    // Next.js keeps its router in step with history.replaceState; router.replace would re-render the
    // server page (a database query) for data this page already fetches itself.
    window.history.replaceState(null, '', committed === '' ? window.location.pathname : `?${committed}`)
  }, [committed])

  // The callbacks below keep their identity for the page's lifetime (the deferred filter menus rely
  // on it), so they read the current state through this ref.
  const latest = useRef({ grammar, text, sort, lastGood })
  useEffect(() => {
    latest.current = { grammar, text, sort, lastGood }
  })

  /** Runs `use` with the parser, loading it first if it has not arrived yet. */
  const withGrammar = useCallback((use: (grammar: Grammar) => void) => {
    const loaded = latest.current.grammar
    if (loaded) use(loaded)
    else void loadGrammar().then(use)
  }, [])

  const replaceText = useCallback(
    (next: string | ((grammar: Grammar) => string), nextSort: FilterSort | undefined) =>
      withGrammar((g) => {
        const nextText = typeof next === 'string' ? next : next(g)
        setText(nextText)
        setSortState(nextSort)
        const nextParsed = g.parseFilter(nextText)
        if (nextParsed.ok) setCommitted(g.canonicalOfferQuery(nextParsed.filter, nextSort))
        // Edits made while the parser was loading run back to back, before React renders again:
        // the next one must build on this one (a menu chosen right after "Clear filters").
        latest.current = {
          ...latest.current,
          text: nextText,
          sort: nextSort,
          lastGood: nextParsed.ok ? nextParsed.filter : latest.current.lastGood,
        }
      }),
    [withGrammar],
  )

  useEffect(() => {
    if (urlQuery === written.current) return
    written.current = urlQuery
    withGrammar((g) => {
      const next = g.searchStateFromParams(new URLSearchParams(urlQuery))
      replaceText(next.text, next.sort)
    })
  }, [urlQuery, withGrammar, replaceText])

  const setControl = useCallback(
    (control: FilterControl, value: string | number | undefined) =>
      replaceText((g) => g.withControl(latest.current.lastGood, control, value), latest.current.sort),
    [replaceText],
  )
  const setSort = useCallback(
    (next: FilterSort | undefined) =>
      replaceText(latest.current.text, next && !isDefault(next) ? next : undefined),
    [replaceText],
  )
  const clear = useCallback(() => replaceText('', undefined), [replaceText])
  const reach = useCallback(() => {
    reached()
    warmListingReader()
    setReaching(true)
  }, [])

  return {
    text,
    setText: (next: string) => {
      reach()
      setText(next)
    },
    sort,
    /** Parse error of the text; undefined while it parses or the parser is still on its way. */
    error: parsed && !parsed.ok ? parsed.error : undefined,
    filter,
    /** The last search that parsed, for the menus while the text has a mistake in it. */
    shownFilter: lastGood,
    canonical,
    committed,
    /** Someone is about to use the search: fetch what was deferred. */
    reach,
    submit: () => {
      if (canonical !== undefined) setCommitted(canonical)
    },
    setControl,
    setSort,
    clear,
  }
}
