'use client'

import { createContext, useContext } from 'react'
import type { SignedIn } from './session-key'

/**
 * The sign-in session the root layout read while rendering (undefined when it could not tell), for
 * whoever creates the query cache first (lib/query/app-query-client.ts). A context of its own, so the
 * layout's first paint carries no query library.
 */
export const InitialSessionContext = createContext<InitialSession>(undefined)

/** The sign-in session the server read while rendering; undefined when it could not tell. */
export type InitialSession = SignedIn | null | undefined

export function useInitialSession(): InitialSession {
  return useContext(InitialSessionContext)
}
