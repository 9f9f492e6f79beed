'use client'

import { type RefObject, useCallback, useEffect, useRef, useState } from 'react'
import { INITIAL_ROWS, ROW_HEIGHT, type RowRange, visibleRange } from './row-window'

const WIDE = '(min-width: 48rem)'

/**
 * Which rows of a long list to render, following the page's own scroll (no inner scroll box, so
 * touch scrolling, Page Down and find-in-page scroll the page as usual). Rows have a fixed height,
 * which the CSS sizes by itself: knowing it renders nothing, so measuring it re-renders nothing (on a
 * phone, where the table starts below the first screen, the first measurement changes no row).
 */
export function useRowWindow(listRef: RefObject<HTMLElement | null>, count: number) {
  const rowHeight = useRef<number>(ROW_HEIGHT.wide)
  const [range, setRange] = useState<RowRange>({ start: 0, end: Math.min(count, INITIAL_ROWS) })

  useEffect(() => {
    const wide = window.matchMedia(WIDE)
    let frame = 0
    const update = () => {
      frame = 0
      const list = listRef.current
      if (!list) return
      const height = wide.matches ? ROW_HEIGHT.wide : ROW_HEIGHT.narrow
      const next = visibleRange({
        top: list.getBoundingClientRect().top,
        viewport: window.innerHeight,
        rowHeight: height,
        count,
        minimum: Math.min(count, INITIAL_ROWS),
      })
      rowHeight.current = height
      setRange((prev) => (prev.start === next.start && prev.end === next.end ? prev : next))
    }
    const schedule = () => {
      if (frame === 0) frame = requestAnimationFrame(update)
    }
    update()
    window.addEventListener('scroll', schedule, { passive: true })
    window.addEventListener('resize', schedule)
    wide.addEventListener('change', schedule)
    return () => {
      cancelAnimationFrame(frame)
      window.removeEventListener('scroll', schedule)
      window.removeEventListener('resize', schedule)
      wide.removeEventListener('change', schedule)
    }
  }, [listRef, count])

  /** The rows' height in px as last measured (for scrolling a row into place). */
  const rowHeightPx = useCallback(() => rowHeight.current, [])
  return { rowHeightPx, start: Math.min(range.start, count), end: Math.min(range.end, count) }
}
