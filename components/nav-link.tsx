'use client'

import { usePathname } from 'next/navigation'
import type { ReactNode } from 'react'
import { IntentLink } from './intent-link'

/** A header link that tells assistive technology (and the eye) which section is open. */
export function NavLink({ href, children }: { href: string; children: ReactNode }) {
  const pathname = usePathname()
  const current = href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`)
  return (
    <IntentLink
      href={href}
      aria-current={current ? 'page' : undefined}
      className="rounded-md px-3 py-2 text-sm font-medium text-muted hover:bg-subtle hover:text-fg aria-[current=page]:text-fg aria-[current=page]:bg-subtle"
    >
      {children}
    </IntentLink>
  )
}
