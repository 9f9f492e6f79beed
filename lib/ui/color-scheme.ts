import { useSyncExternalStore } from 'react'
import type { Theme } from './theme-cookie'

const darkQuery = '(prefers-color-scheme: dark)'

/** The theme in effect: an explicit class on <html> (set from the cookie), else the system setting. */
export function currentColorScheme(): Theme {
  const classes = document.documentElement.classList
  if (classes.contains('dark')) return 'dark'
  if (classes.contains('light')) return 'light'
  return window.matchMedia(darkQuery).matches ? 'dark' : 'light'
}

function subscribe(onChange: () => void): () => void {
  const media = window.matchMedia(darkQuery)
  const observer = new MutationObserver(onChange)
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['class'] })
  media.addEventListener('change', onChange)
  return () => {
    observer.disconnect()
    media.removeEventListener('change', onChange)
  }
}

/** Follows the theme in effect, for widgets (the wallet modal) that cannot read our CSS variables. */
export function useColorScheme(): Theme {
  return useSyncExternalStore(subscribe, currentColorScheme, () => 'light')
}
