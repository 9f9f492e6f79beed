import type { z } from 'zod'
import { listProviders } from '@/lib/market/provider-list'
import type { providerListSchema } from '@/lib/market/provider-view'
import { route } from '@/lib/server/api-error'
import { getServerContext } from '@/lib/server/server-context'

export const dynamic = 'force-dynamic'

/** GET /api/providers — every registered provider with its stake, reliability and last poll. */
export const GET = route(async () => {
  const { store } = await getServerContext()
  const answer: z.input<typeof providerListSchema> = { providers: await listProviders(store.db) }
  return Response.json(answer, { headers: { 'cache-control': 'no-store' } })
})
