import type { Filter, FilterSort } from './filter-grammar'
import { compileFilter, type FilterableOffer } from './filter-grammar-apply'
import { formatFilter } from './filter-grammar-format'
import { filterFromSearchParams } from './filter-grammar-params'
import { getGpuModel } from './gpu-catalog'
import type { ListedOffer } from './listed-offer'

/**
 * Filtering and sorting offers already in the browser, so typing answers at once when every offer
 * that could match is loaded. The meaning is the server's: the same compiled filter, the same order.
 */

const filterable = new WeakMap<ListedOffer, FilterableOffer>()

/** The fields a filter reads, with the catalog's nominal memory and family, as the server uses them. */
export function toFilterable(view: ListedOffer): FilterableOffer {
  let found = filterable.get(view)
  if (!found) {
    const model = view.gpuModelId ? getGpuModel(view.gpuModelId) : undefined
    found = {
      modelId: view.gpuModelId ?? view.offer.gpuModel,
      modelName: view.gpuName,
      family: model?.family ?? view.gpuName,
      gpuCount: view.offer.gpuCount,
      pricePerHourUsd: view.pricePerHourUsd,
      pricePerGpuHourUsd: view.pricePerGpuHourUsd,
      vramMiB: model?.memoryMiB ?? view.offer.vramMiB,
      cpus: view.resources.cpus,
      memoryMiB: view.resources.memoryMiB,
      diskMiB: view.resources.diskMiB,
      region: view.region,
      reliability: view.reliability ?? 0,
      maxDurationSeconds: view.offer.maxDuration,
      provider: view.offer.provider,
      stakeUsd: view.stakeUsd,
      access: view.resources.access,
      isolation: view.resources.isolation,
    }
    filterable.set(view, found)
  }
  return found
}

const clauseKeys = (filter: Pick<Filter, 'clauses'>) =>
  filter.clauses.map((clause) => formatFilter({ clauses: [clause], text: [] }))

/**
 * Whether every offer matching `narrower` also matches `wider`: true when `narrower` keeps all of
 * `wider`'s clauses and words (it may add more). Then filtering `wider`'s full result in the browser
 * gives exactly `narrower`'s.
 */
export function isNarrowing(
  wider: Pick<Filter, 'clauses' | 'text'>,
  narrower: Pick<Filter, 'clauses' | 'text'>,
) {
  const remaining = clauseKeys(narrower)
  for (const key of clauseKeys(wider)) {
    const at = remaining.indexOf(key)
    if (at < 0) return false
    remaining.splice(at, 1)
  }
  const words = narrower.text.map((word) => word.toLowerCase())
  return wider.text.every((word) => words.includes(word.toLowerCase()))
}

const SORT_VALUE: Readonly<Record<FilterSort['field'], (view: ListedOffer) => number>> = {
  gpus: (v) => v.offer.gpuCount,
  price: (v) => v.pricePerHourUsd,
  gpuprice: (v) => v.pricePerGpuHourUsd,
  vram: (v) => v.offer.vramMiB,
  cpus: (v) => v.resources.cpus,
  ram: (v) => v.resources.memoryMiB,
  disk: (v) => v.resources.diskMiB,
  reliability: (v) => v.reliability ?? 0,
  duration: (v) => v.offer.maxDuration,
  stake: (v) => v.stakeUsd,
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/** A sorted copy, in the API's order: the field, then provider and offer id, all in one direction. */
export function sortOffers(views: readonly ListedOffer[], sort: FilterSort): ListedOffer[] {
  const value = SORT_VALUE[sort.field]
  const sign = sort.order === 'asc' ? 1 : -1
  return [...views].sort(
    (a, b) =>
      sign *
      (value(a) - value(b) ||
        byText(a.offer.provider, b.offer.provider) ||
        byText(a.offer.offerId, b.offer.offerId)),
  )
}

/** The offers of `views` that match `filter`, in `sort` order. */
export function filterOffers(
  views: readonly ListedOffer[],
  filter: Pick<Filter, 'clauses' | 'text'>,
  sort: FilterSort,
): ListedOffer[] {
  const test = compileFilter(filter)
  return sortOffers(
    views.filter((view) => test(toFilterable(view))),
    sort,
  )
}

/**
 * The offers of a complete listing (all of `loaded`, fetched for `loadedQuery`) that match the
 * narrower `filter`, in `sort` order; undefined when `filter` is not a narrowing of that listing,
 * so only the server can answer it.
 */
export function narrowListing(
  loaded: readonly ListedOffer[],
  loadedQuery: string,
  filter: Pick<Filter, 'clauses' | 'text'>,
  sort: FilterSort,
): ListedOffer[] | undefined {
  const shown = filterFromSearchParams(new URLSearchParams(loadedQuery))
  if (!shown.ok || !isNarrowing(shown.filter, filter)) return undefined
  return filterOffers(loaded, filter, sort)
}
