import { marketStats } from '@/lib/market/market-stats'
import { route } from '@/lib/server/api-error'
import { getServerContext } from '@/lib/server/server-context'

export const dynamic = 'force-dynamic'

/** GET /api/market/stats — per GPU model: offers, GPUs available, min / median / max price per GPU-hour. */
export const GET = route(async () => {
  const { store } = await getServerContext()
  return Response.json({ models: await marketStats(store.db) }, { headers: { 'cache-control': 'max-age=5' } })
})
