import { QueryClient } from '@tanstack/react-query'
import type { InitialSession } from '@/lib/session/initial-session-context'
import { sessionQueryKey } from '@/lib/session/session-query-key'

function createAppQueryClient(session: InitialSession): QueryClient {
  const client = new QueryClient({ defaultOptions: { queries: { staleTime: 10_000 } } })
  if (session !== undefined) client.setQueryData(sessionQueryKey, session)
  return client
}

let browserClient: QueryClient | undefined

/**
 * The app's one query cache: in the browser a single client for the tab, whoever asks first (a
 * page's provider, the marketplace's first fetch, the wallet stack), so a rent invalidates the
 * listing the marketplace shows and a page reached by navigation finds what the last one read. On the
 * server a new one per call (per request: never shared between visitors). The first creation is
 * seeded with the session read while rendering, so nothing fetches it again on the first paint.
 */
export function appQueryClient(session: InitialSession): QueryClient {
  if (typeof window === 'undefined') return createAppQueryClient(session)
  browserClient ??= createAppQueryClient(session)
  return browserClient
}
