'use client'

import { createContext, useContext } from 'react'
import type { SignedIn } from './session-key'

/**
 * The sign-in session the root layout read while rendering (undefined when it could not tell), for
 * whoever creates the query cache first (lib/query/app-query-client.ts). A context of its own, so the
 * layout's first paint carries no query library.
 */
export const InitialSessionContext = createContext<SignedIn | null | undefined>(undefined)

export function useInitialSession(): SignedIn | null | undefined {
  return useContext(InitialSessionContext)
}
