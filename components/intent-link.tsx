'use client'

import Link from 'next/link'
import { useRouter } from 'next/navigation'
import type { ComponentProps } from 'react'

type IntentLinkProps = Omit<ComponentProps<typeof Link>, 'href' | 'prefetch'> & { href: string }

/**
 * A client-side link that fetches its page ahead only when someone reaches for it (pointer or
 * focus), not whenever it is on screen: the pages these links lead to are rendered per request, so
 * prefetching every visible one costs each visitor requests, decoding and server work for pages
 * they mostly never open.
 */
export function IntentLink({ href, onPointerEnter, onFocus, ...rest }: IntentLinkProps) {
  const router = useRouter()
  return (
    <Link
      {...rest}
      href={href}
      prefetch={false}
      onPointerEnter={(event) => {
        router.prefetch(href)
        onPointerEnter?.(event)
      }}
      onFocus={(event) => {
        router.prefetch(href)
        onFocus?.(event)
      }}
    />
  )
}
