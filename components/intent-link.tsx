'use client'

import { useRouter } from 'next/navigation'
import type { AnchorHTMLAttributes, MouseEvent } from 'react'

type IntentLinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { href: string }

/**
 * A link within the app that opens its page without a reload and fetches it ahead only when
 * someone reaches for it (pointer or focus), not whenever it is on screen: the pages it leads to are
 * rendered per request, so prefetching every visible link costs each visitor requests, decoding
 * and server work for pages they mostly never open. A plain anchor otherwise: modified clicks
 * (new tab, new window) and other targets are the browser's.
 */
export function IntentLink({ href, onClick, onPointerEnter, onFocus, ...rest }: IntentLinkProps) {
  const router = useRouter()
  const open = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event)
    const plain = event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey
    if (event.defaultPrevented || !plain || (rest.target && rest.target !== '_self')) return
    event.preventDefault()
    router.push(href)
  }
  return (
    <a
      {...rest}
      href={href}
      onClick={open}
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
