import { listProviders } from '@/lib/market/provider-list'
import { route } from '@/lib/server/api-error'
import { getServerContext } from '@/lib/server/server-context'

export const dynamic = 'force-dynamic'

/** GET /api/providers — every registered provider with its stake, reliability and last poll. */
export const GET = route(async () => {
  const { store } = await getServerContext()
  return Response.json(
    { providers: await listProviders(store.db) },
    { headers: { 'cache-control': 'no-store' } },
  )
})
