/**
 * Rows the table renders at first, and on the server, before it has measured the window: enough to
 * fill a desktop window below the search (rows are 52 px there); on a phone the table starts below
 * the first screen. Every row is DOM to lay out and hydrate, so the first render keeps to these.
 */
export const INITIAL_ROWS = 12
/** Rows kept rendered above and below the visible ones, so fast scrolling and Tab find them there. */
export const OVERSCAN = 8

/** Row heights, in px, of the stacked cards (narrow screens) and of the table rows; the CSS uses the same. */
export const ROW_HEIGHT = { narrow: 136, wide: 52 } as const

export type RowRange = { readonly start: number; readonly end: number }

/**
 * The rows to render of a list whose first row is `top` px below the top of a `viewport`-high
 * window: the visible ones plus `overscan` either side, at least `minimum` rows, within 0..count.
 */
export function visibleRange(input: {
  top: number
  viewport: number
  rowHeight: number
  count: number
  overscan?: number
  minimum?: number
}): RowRange {
  const { top, viewport, rowHeight, count, overscan = OVERSCAN, minimum = 0 } = input
  if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0 }
  const first = Math.floor(Math.max(0, -top) / rowHeight)
  const last = Math.ceil(Math.max(0, viewport - top) / rowHeight)
  const start = Math.min(Math.max(0, first - overscan), Math.max(0, count - minimum))
  const end = Math.min(count, Math.max(last + overscan, start + minimum))
  return { start, end: Math.max(start, end) }
}

/** Whether the rows in `range` come within `margin` rows of the end of what is loaded. */
export function needsMore(range: RowRange, loaded: number, margin = 20): boolean {
  return range.end + margin >= loaded
}
