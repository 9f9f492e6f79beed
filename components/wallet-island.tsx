'use client'

import { type ReactNode, useEffect, useId, useLayoutEffect, useState } from 'react'
import { useWalletRoot } from './wallet-root'

type WalletIslandProps = {
  /** Wallet UI, typically a React.lazy component: it renders only once the wallet stack is loaded. */
  children: ReactNode
  /** Server-rendered stand-in until then; it should already read like the real thing. */
  fallback: ReactNode
  /** Load the wallet stack right away: for pages that are useless without a wallet. */
  eager?: boolean
}

/** A spot in the page where wallet UI appears, rendered inside the one lazily loaded wallet stack. */
export function WalletIsland({ children, fallback, eager = false }: WalletIslandProps) {
  const { status, load, register } = useWalletRoot()
  const id = useId()
  const [node, setNode] = useState<HTMLDivElement | null>(null)

  useEffect(() => {
    if (eager) load()
  }, [eager, load])

  // A layout effect, so an island that mounts after the stack is ready never paints empty.
  useLayoutEffect(() => {
    if (!node) return
    return register(id, { node, element: children, fallback })
  }, [id, node, children, fallback, register])

  return (
    <>
      {status === 'ready' ? null : fallback}
      <div ref={setNode} className="contents" />
    </>
  )
}
