import type { MarketContracts } from '@/lib/chain/market-contracts'
import { ApiError, route } from '@/lib/server/api-error'
import { loadServerConfig, ServerConfigError } from '@/lib/server/server-config'

export const dynamic = 'force-dynamic'

/** GET /api/market/contracts — the chain id and the market and payment token addresses this server uses. */
export const GET = route(async () => {
  let body: MarketContracts
  try {
    const { chainId, market, token } = loadServerConfig()
    body = { chainId, market, token }
  } catch (error) {
    if (error instanceof ServerConfigError)
      throw new ApiError('unavailable', 'The market is not deployed yet.')
    throw error
  }
  // Addresses change only with a redeploy; a minute of caching spares a request per page.
  return Response.json(body, { headers: { 'cache-control': 'max-age=60' } })
})
