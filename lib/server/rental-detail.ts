import 'server-only'
import { eq } from 'drizzle-orm'
import { cookies } from 'next/headers'
import { getSession } from '@/lib/auth/sessions'
import { WeftMarket } from '@/lib/chain/generated'
import { providers } from '@/lib/db/schema'
import { rentalReceipts } from '@/lib/market/rental-receipts'
import { toRentalView } from '@/lib/market/rental-views'
import { rentalInfoSchema } from '@/lib/protocol/rental-info'
import { type RentalDetail, type RentalDetailJson, rentalDetailSchema } from '@/lib/rentals/rental-detail'
import { callAgent } from './agent-client'
import { checkRentalAccess, type RentalAccess } from './rental-access'
import { getServerContext, type ServerContext } from './server-context'

type Access = Pick<Extract<RentalAccess, { kind: 'allowed' }>, 'row' | 'provider' | 'role'>

/**
 * One rental as its renter or provider sees it (GET /api/rentals/:id): the indexed rental, its
 * state on-chain, the rental's transactions, the provider's agent endpoint (where the renter's
 * browser reaches the rental itself) and, unless `withAgent` is false, the job's status from
 * the provider's agent. A part that cannot be read is null beside a sentence saying why.
 */
export async function readRentalDetail(
  ctx: ServerContext,
  id: bigint,
  { row, provider, role }: Access,
  { withAgent = true }: { withAgent?: boolean } = {},
): Promise<RentalDetailJson> {
  const [chain, agent, receipts, endpoint] = await Promise.allSettled([
    ctx.chain.readContract({
      address: ctx.config.market,
      abi: WeftMarket.abi,
      functionName: 'getRental',
      args: [id],
    }),
    withAgent ? callAgent(ctx, provider, `/v1/rentals/${id}`, rentalInfoSchema) : Promise.resolve(null),
    rentalReceipts(ctx.store.db, id),
    ctx.store.db
      .select({ endpoint: providers.endpoint })
      .from(providers)
      .where(eq(providers.address, provider)),
  ])
  return {
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
}

/**
 * The rental for its page's first paint, when the signed-in account may see it: undefined when
 * nobody is signed in, the rental is someone else's, or the server cannot tell now (the page then
 * reads it from the browser as before). The provider's agent is not asked here, so a slow agent
 * never holds the page back: the job's status arrives with the page's live stream.
 */
export async function loadRentalDetail(id: bigint): Promise<RentalDetail | undefined> {
  try {
    const ctx = await getServerContext()
    const session = await getSession(await cookies(), ctx)
    if (!session) return undefined
    const access = await checkRentalAccess(ctx, session.address, id)
    if (access.kind !== 'allowed') return undefined
    return rentalDetailSchema.parse(await readRentalDetail(ctx, id, access, { withAgent: false }))
  } catch {
    return undefined
  }
}
