import { eq } from 'drizzle-orm'
import { WeftMarket } from '@/lib/chain/generated'
import { providers } from '@/lib/db/schema'
import { checkRateLimit } from '@/lib/http/rate-limit'
import { rentalReceipts } from '@/lib/market/rental-receipts'
import { toRentalView } from '@/lib/market/rental-views'
import { rentalInfoSchema } from '@/lib/protocol/rental-info'
import type { RentalDetailJson } from '@/lib/rentals/rental-detail'
import { callAgent } from '@/lib/server/agent-client'
import { route } from '@/lib/server/api-error'
import { accessRental, parseRentalId } from '@/lib/server/rental-access'
import { getServerContext } from '@/lib/server/server-context'

export const dynamic = 'force-dynamic'

/**
 * GET /api/rentals/:id — for its renter or provider: the indexed rental, its live state on-chain,
 * the job's status from the provider's agent, and the rental's transactions (receipts). A part that
 * cannot be reached is null with a reason. `market` and `chainId` say where to send stop, extend
 * and cancel; `agentEndpoint`, the provider's registered agent, is where the renter's browser
 * opens the rental's terminal, ports and files.
 */
export const GET = route(async (request: Request, context: { params: Promise<{ id: string }> }) => {
  const id = parseRentalId((await context.params).id)
  const ctx = await getServerContext()
  const limited = await checkRateLimit(request, ctx, 'rentals')
  if (limited) return limited
  const { row, provider, role } = await accessRental(request, ctx, id)
  const [chain, agent, receipts, endpoint] = await Promise.allSettled([
    ctx.chain.readContract({
      address: ctx.config.market,
      abi: WeftMarket.abi,
      functionName: 'getRental',
      args: [id],
    }),
    callAgent(ctx, provider, `/v1/rentals/${id}`, rentalInfoSchema),
    rentalReceipts(ctx.store.db, id),
    ctx.store.db
      .select({ endpoint: providers.endpoint })
      .from(providers)
      .where(eq(providers.address, provider)),
  ])
  const answer: RentalDetailJson = {
    id: id.toString(),
    role,
    market: ctx.config.market,
    chainId: ctx.config.chainId,
    rental: row ? toRentalView(row) : null,
    chain:
      chain.status === 'fulfilled'
        ? {
            ...chain.value,
            pricePerHour: chain.value.pricePerHour.toString(),
            deposit: chain.value.deposit.toString(),
            paid: chain.value.paid.toString(),
          }
        : null,
    chainError: chain.status === 'rejected' ? 'The chain could not be reached.' : null,
    agent: agent.status === 'fulfilled' ? agent.value : null,
    agentError: agent.status === 'rejected' ? (agent.reason as Error).message : null,
    agentEndpoint: endpoint.status === 'fulfilled' ? (endpoint.value[0]?.endpoint ?? null) : null,
    receipts: receipts.status === 'fulfilled' ? receipts.value : null,
    receiptsError: receipts.status === 'rejected' ? 'The rental’s transactions could not be read.' : null,
  }
  return Response.json(answer, { headers: { 'cache-control': 'no-store' } })
})
