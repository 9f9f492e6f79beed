'use client'

import { type ComponentType, memo, Suspense, use } from 'react'
import { whenReached } from '@/lib/ui/when-reached'
import type { FilterControlsProps } from './filter-controls'

type ControlsModule = { FilterControls: ComponentType<FilterControlsProps> }

let controls: Promise<ControlsModule> | undefined

/**
 * The menus' module: on the server, at once (a settled promise that `use` reads without
 * suspending, so the HTML has the menus in place); in the browser, once someone reaches for the
 * market (whenReached). The bundler
 * drops the `typeof window` branch that does not apply, so the browser's first load has no menus.
 */
function controlsModule(): Promise<ControlsModule> {
  if (!controls) {
    if (typeof window === 'undefined') {
      const module: ControlsModule = require('./filter-controls')
      controls = Object.assign(Promise.resolve(module), { status: 'fulfilled', value: module })
    } else {
      controls = whenReached().then(() => import('./filter-controls'))
    }
  }
  return controls
}

function LoadedFilterControls(props: FilterControlsProps) {
  const { FilterControls } = use(controlsModule())
  return <FilterControls {...props} />
}

/**
 * The filter menus, server-rendered with the page and brought to life when someone reaches for the
 * market (a pointer pressed or focus inside it), so their code is not part of the page's
 * JavaScript until then. Until then the server's HTML stands; memo keeps re-renders of the page
 * from disturbing it, so the props passed here must keep their identity until then (MarketView
 * holds the server's facets back, and useMarketSearch's callbacks never change).
 */
export const DeferredFilterControls = memo(function DeferredFilterControls(props: FilterControlsProps) {
  return (
    // Shown only if the search changes before the menus' code has arrived: holds their place.
    <Suspense fallback={<div aria-busy="true" className="min-h-[324px] sm:min-h-[180px] lg:min-h-[60px]" />}>
      <LoadedFilterControls {...props} />
    </Suspense>
  )
})
