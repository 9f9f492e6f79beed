'use client'

import { useQuery } from '@tanstack/react-query'
import { marketGet, statusSentence } from '@/lib/http/market-client'
import { type SignedIn, signedInSchema } from './session-key'
import { sessionQueryKey } from './session-query-key'

export { type SignedIn, sessionQueryKey }

/** GET /api/auth/session: the session, or null when nobody is signed in. */
export function fetchSession(): Promise<SignedIn | null> {
  return marketGet('/api/auth/session', signedInSchema.nullable(), {
    fallback: statusSentence('The sign-in service did not answer'),
  })
}

/**
 * The SIWE session, usable anywhere (it needs no wallet stack): the sign-in adapter writes it after
 * sign-in and sign-out, so every page and island sees the change at once.
 */
export function useSession() {
  return useQuery({ queryKey: sessionQueryKey, queryFn: fetchSession, staleTime: 60_000, retry: 1 })
}
