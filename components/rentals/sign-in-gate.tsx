'use client'

import { lazy, type ReactNode } from 'react'
import type { Address } from 'viem'
import { useSession } from '@/lib/session/session-query'
import { primaryButton } from '@/lib/ui/button-styles'
import { useWalletIntent } from '../wallet-intent'
import { WalletIsland } from '../wallet-island'
import { useWalletRoot } from '../wallet-root'

const SignInButton = lazy(() =>
  import('./sign-in-button').then((module) => ({ default: module.SignInButton })),
)

/**
 * Renders `children` for the signed-in address; otherwise says why signing in is needed and offers
 * the wallet's sign-in (one signature, no transaction).
 */
export function SignInGate({
  reason,
  children,
}: {
  reason: string
  children: (address: Address) => ReactNode
}) {
  const session = useSession()
  if (session.isPending)
    return (
      <p className="text-sm text-muted" aria-busy="true">
        Checking whether you are signed in…
      </p>
    )
  if (session.isError)
    return (
      <p role="alert" className="text-sm">
        {session.error.message}
      </p>
    )
  if (!session.data) return <SignInPrompt reason={reason} />
  return children(session.data.address)
}

/**
 * The sign-in box; also shown when a request finds the session gone. The wallet stack loads when
 * someone reaches for it (pointer, focus, a tap, the button), and a press made before it arrives
 * opens the wallet once it has.
 */
export function SignInPrompt({ reason }: { reason: string }) {
  const intent = useWalletIntent()
  return (
    <section
      {...intent}
      aria-label="Sign in"
      className="flex flex-col gap-4 rounded-lg border border-line bg-surface p-5 sm:flex-row sm:items-center sm:justify-between"
    >
      <p className="text-sm text-muted text-pretty">
        <span className="font-medium text-fg">You are not signed in.</span> Sign in with your wallet {reason}.
        It is one signature: it costs nothing and sends no transaction.
      </p>
      <WalletIsland fallback={<SignInStandIn />}>
        <SignInButton />
      </WalletIsland>
    </section>
  )
}

function SignInStandIn() {
  const { status, openWallet } = useWalletRoot()
  return (
    <button type="button" className={primaryButton} onClick={openWallet} aria-busy={status === 'loading'}>
      {status === 'failed' ? 'Wallet failed to load, retry' : 'Sign in'}
    </button>
  )
}
