'use client'

import { QueryClientProvider } from '@tanstack/react-query'
import { type ReactNode, useState } from 'react'
import { appQueryClient } from '@/lib/query/app-query-client'
import { useInitialSession } from '@/lib/session/initial-session-context'

/**
 * The app's query cache for the pages built on it (offers, rentals, provide: their layouts are this
 * provider) and for the wallet stack. The marketplace has none around it: its first paint comes
 * with the HTML and its queries load with their first fetch (lib/query/deferred-query.ts).
 */
export function QueryProvider({ children }: { children: ReactNode }) {
  const session = useInitialSession()
  const [client] = useState(() => appQueryClient(session))
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>
}
