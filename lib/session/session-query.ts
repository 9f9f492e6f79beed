'use client'

import { useQuery } from '@tanstack/react-query'
import { type SignedIn, sessionQueryKey } from './session-key'

export { type SignedIn, sessionQueryKey }

/** GET /api/auth/session: the session, or null when nobody is signed in. */
export async function fetchSession(): Promise<SignedIn | null> {
  const response = await fetch('/api/auth/session', { cache: 'no-store', credentials: 'same-origin' })
  if (!response.ok) throw new Error(await reasonOf(response, 'The sign-in service did not answer'))
  return (await response.json()) as SignedIn | null
}

/** The sentence a market API error carries (`{ error: { code, message } }`), else the fallback. */
export async function reasonOf(response: Response, fallback: string): Promise<string> {
  const body = (await response.json().catch(() => null)) as { error?: { message?: unknown } } | null
  const message = body?.error?.message
  return typeof message === 'string' && message ? message : `${fallback} (HTTP ${response.status}).`
}

/**
 * The SIWE session, usable anywhere (it needs no wallet stack): the sign-in adapter writes it after
 * sign-in and sign-out, so every page and island sees the change at once.
 */
export function useSession() {
  return useQuery({ queryKey: sessionQueryKey, queryFn: fetchSession, staleTime: 60_000, retry: 1 })
}
