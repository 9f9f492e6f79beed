/**
 * The parts of the filter grammar the marketplace runs in the browser, as one module that is loaded
 * when someone reaches for the search or the menus: the server parses the URL's search for the
 * first render, so the page paints and hydrates without it.
 */

export { canonicalOfferQuery } from './canonical-query'
export { withControl } from './filter-edit'
export { parseFilter } from './filter-grammar'
export { searchStateFromParams } from './search-state'
