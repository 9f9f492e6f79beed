import type { ReactNode } from 'react'

export const metadata = { title: 'Bare Next.js page' }

/** The reference page's layout: nothing but the document. */
export default function RootLayout({ children }: Readonly<{ children: ReactNode }>) {
  return (
    <html lang="en">
      <body style={{ margin: 0, fontFamily: 'system-ui, sans-serif' }}>{children}</body>
    </html>
  )
}
