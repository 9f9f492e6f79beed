import type { Metadata, Viewport } from 'next'
import { cookies } from 'next/headers'
import type { ReactNode } from 'react'
import { AppProviders } from '@/components/app-providers'
import { SiteFooter } from '@/components/site-footer'
import { SiteHeader } from '@/components/site-header'
import { readInitialSession } from '@/lib/server/queries/initial-session'
import { savedAccountOf, savedWalletState } from '@/lib/server/queries/saved-wallet'
import { themeCookieName, themeFromCookie } from '@/lib/ui/theme-cookie'
import { themeScript } from '@/lib/ui/theme-script'
import './globals.css'

export const metadata: Metadata = {
  title: { default: 'Weft: rent GPUs, pay per second', template: '%s · Weft' },
  description:
    'Rent GPUs from independent providers. Your deposit sits in an on-chain escrow and pays out per second while your job runs.',
}

export const viewport: Viewport = {
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#ffffff' },
    { media: '(prefers-color-scheme: dark)', color: '#111827' },
  ],
}

export default async function RootLayout({ children }: Readonly<{ children: ReactNode }>) {
  // Both come from cookies, so the first paint already has the right theme and the saved account.
  const [walletState, cookieStore, session] = await Promise.all([
    savedWalletState(),
    cookies(),
    readInitialSession(),
  ])
  const theme = themeFromCookie(cookieStore.get(themeCookieName)?.value)
  return (
    // The inline script may add the theme class before hydration (on the anonymous marketplace, rendered
    // once for everyone), so <html>'s class is allowed to differ from the server's.
    <html lang="en" className={theme} suppressHydrationWarning>
      <head>
        {/* biome-ignore lint/security/noDangerouslySetInnerHtml: a constant of our own, no input in it */}
        <script dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body className="flex min-h-dvh flex-col bg-canvas text-fg antialiased">
        <AppProviders walletState={walletState} session={session}>
          <a
            href="#main"
            className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded-md focus:bg-surface focus:px-3 focus:py-2"
          >
            Skip to content
          </a>
          <SiteHeader savedAddress={savedAccountOf(walletState)?.address} />
          <main id="main" className="flex-1">
            {children}
          </main>
          <SiteFooter />
        </AppProviders>
      </body>
    </html>
  )
}
