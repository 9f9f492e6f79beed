'use client'

import { useEffect, useState } from 'react'
import { whenReached } from './when-reached'

/**
 * A module kept out of the page's first-load JavaScript: imported once `wanted` turns true (the
 * user reached for what needs it) or someone reached for the market (whenReached). Until it arrives the
 * caller does without it. `load` should be a module-level function, so the import runs once.
 */
export function useDeferredModule<T>(load: () => Promise<T>, wanted: boolean): T | undefined {
  const [module, setModule] = useState<T>()

  useEffect(() => {
    if (module) return
    let live = true
    const loaded = wanted ? load() : whenReached().then(load)
    loaded.then(
      (value) => {
        if (live) setModule(() => value)
      },
      // A chunk that failed to download (offline, a new deploy) is tried again on the next want.
      () => undefined,
    )
    return () => {
      live = false
    }
  }, [load, module, wanted])

  return module
}
