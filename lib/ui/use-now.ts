'use client'

import { useEffect, useState } from 'react'

/** Unix seconds, ticking every second; undefined during server rendering and hydration. */
export function useNow(): number | undefined {
  const [now, setNow] = useState<number | undefined>(undefined)
  useEffect(() => {
    const tick = () => setNow(Math.floor(Date.now() / 1000))
    tick()
    const id = setInterval(tick, 1000)
    return () => clearInterval(id)
  }, [])
  return now
}
