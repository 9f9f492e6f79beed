'use client'

import { currentColorScheme } from '@/lib/ui/color-scheme'
import { themeCookieName } from '@/lib/ui/theme-cookie'

const oneYearMs = 365 * 24 * 60 * 60 * 1000

function switchTheme(): void {
  const next = currentColorScheme() === 'dark' ? 'light' : 'dark'
  const root = document.documentElement
  root.classList.remove('light', 'dark')
  root.classList.add(next)
  // The server reads this cookie to render the chosen theme on the next visit without a flash.
  // Browsers without the Cookie Store API keep the choice for this page view only.
  if (typeof cookieStore !== 'undefined') {
    void cookieStore.set({
      name: themeCookieName,
      value: next,
      path: '/',
      sameSite: 'lax',
      expires: Date.now() + oneYearMs,
    })
  }
}

/** Flips between light and dark; the icons follow the theme through CSS, so SSR needs no state. */
export function ThemeToggle() {
  return (
    <button
      type="button"
      onClick={switchTheme}
      aria-label="Switch between light and dark theme"
      title="Switch theme"
      className="inline-flex size-9 items-center justify-center rounded-md text-muted hover:bg-subtle hover:text-fg"
    >
      <svg
        viewBox="0 0 24 24"
        aria-hidden="true"
        className="size-5 dark:hidden"
        fill="none"
        stroke="currentColor"
      >
        <circle cx="12" cy="12" r="4" strokeWidth="2" />
        <path
          strokeWidth="2"
          strokeLinecap="round"
          d="M12 2v2m0 16v2M4.9 4.9l1.4 1.4m11.4 11.4 1.4 1.4M2 12h2m16 0h2M4.9 19.1l1.4-1.4M17.7 6.3l1.4-1.4"
        />
      </svg>
      <svg
        viewBox="0 0 24 24"
        aria-hidden="true"
        className="hidden size-5 dark:block"
        fill="none"
        stroke="currentColor"
      >
        <path strokeWidth="2" strokeLinejoin="round" d="M20 14.5A8 8 0 0 1 9.5 4 8 8 0 1 0 20 14.5Z" />
      </svg>
    </button>
  )
}
