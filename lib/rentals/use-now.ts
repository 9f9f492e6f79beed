'use client'

import { useEffect, useState } from 'react'

/** The time, updated every `intervalMs` while mounted: drives countdowns and cost-so-far. */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), intervalMs)
    return () => window.clearInterval(id)
  }, [intervalMs])
  return now
}
