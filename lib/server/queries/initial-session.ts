import 'server-only'
import { cookies } from 'next/headers'
import { getSession } from '@/lib/auth/sessions'
import { getServerContext } from '@/lib/server/server-context'
import type { SignedIn } from '@/lib/session/session-query'

/**
 * The SIWE session behind this request's cookie, for the first paint: null when nobody is signed
 * in, undefined when the server cannot tell now (the browser then asks /api/auth/session). Knowing it
 * up front means the wallet stack never starts in a "loading" sign-in state, during which RainbowKit
 * ignores the connect button and closes a connect modal opened meanwhile.
 */
export async function readInitialSession(): Promise<SignedIn | null | undefined> {
  try {
    const ctx = await getServerContext()
    return (await getSession(await cookies(), ctx)) ?? null
  } catch {
    return undefined
  }
}
