import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Account } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { anvilKeys } from '@/lib/chain/anvil-accounts'
import type { JobSpec } from '@/lib/jobs/job-spec'
import type { SignedOfferJson } from '@/lib/protocol/signed-offer'
import { startBackground } from '@/lib/server/background'
import { type AgentWorld, createAgentWorld } from '@/test-support/agent/agent-world'
import { APP_ORIGIN, get, post, setCookies, siweMessage } from '@/test-support/auth/auth-test-kit'
import { eventually } from '@/test-support/eventually'
import { GET as nonceRoute } from './auth/nonce/route'
import { POST as verifyRoute } from './auth/verify/route'
import { GET as statsRoute } from './market/stats/route'
import { GET as offersRoute } from './offers/route'
import { GET as providersRoute } from './providers/route'
import { GET as eventsRoute } from './rentals/[id]/events/route'
import { GET as rentalRoute } from './rentals/[id]/route'
import { GET as rentalsRoute } from './rentals/route'

/**
 * The market server's routes over a real stack: anvil with the market, a real provider agent on
 * loopback, the aggregator and indexer running in this process on PGlite, and wallets signing in
 * with real EIP-4361 messages.
 */
let w: AgentWorld
let stop: (() => Promise<void>) | undefined

beforeAll(async () => {
  w = await createAgentWorld({ pollIntervalMs: 200 })
  Object.assign(process.env, {
    RPC_URL: w.anvil.rpcUrl,
    CHAIN_ID: '31337',
    MARKET_ADDRESS: w.deployment.market,
    TOKEN_ADDRESS: w.deployment.token,
    DEPLOY_BLOCK: '0',
    OPERATOR_PRIVATE_KEY: anvilKeys[0],
    AGGREGATOR_ALLOW_LOOPBACK: 'true',
    APP_ORIGIN,
    WEFT_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'weft-market-')),
    WEFT_BACKGROUND: 'true',
  })
  stop = (await startBackground()).stop
})
afterAll(async () => {
  await stop?.()
  await w?.close()
})

const params = (id: string) => ({ params: Promise.resolve({ id }) })
const json = async (response: Response) => (await response.json()) as Record<string, unknown>

async function signIn(account: Account): Promise<string> {
  const nonceResponse = await nonceRoute(get('/api/auth/nonce'))
  const visitor = setCookies(nonceResponse)
    .lines.map((l) => l.split(';')[0])
    .join('; ')
  const { nonce } = (await nonceResponse.json()) as { nonce: string }
  const message = siweMessage(account, nonce)
  const signature = await account.signMessage?.({ message })
  const verified = await verifyRoute(post('/api/auth/verify', { message, signature }, { cookie: visitor }))
  expect(verified.status).toBe(200)
  return [visitor, ...setCookies(verified).lines.map((l) => l.split(';')[0])].join('; ')
}

// The spec travels sealed in the rent transaction; nothing of it (its secret least of all) ever
// passes through the market server.
const SECRET = 'sealed-secret-never-seen-by-the-market'
const job: JobSpec = {
  command: [process.execPath, '-e', "console.log('hello through the market'); setInterval(() => {}, 1000)"],
  env: { SECRET },
  onExit: 'finish',
}

describe('market server over a real provider agent', () => {
  it('aggregates the agent’s signed offers, with provider health and market stats', async () => {
    const offers = await eventually('the aggregator to poll the agent', async () => {
      const body = await json(await offersRoute(get('/api/offers?q=gpu%3DH100')))
      const list = body.offers as unknown[]
      return list.length > 0 ? list : undefined
    })
    expect(offers.length).toBe(3) // 4 H100s: offers of 1, 2 and 4
    const providers = (await json(await providersRoute())).providers as {
      address: string
      reliability1h: number
    }[]
    expect(providers.map((p) => p.address)).toEqual([w.provider.address])
    const stats = (await json(await statsRoute())).models as { gpuModel: string; gpusAvailable: number }[]
    expect(stats.find((s) => s.gpuModel === 'H100-SXM-80GB')?.gpusAvailable).toBe(4)
  })

  it('lets a signed-in renter follow a rental whose job came sealed on-chain; others get 401 or 403', async () => {
    const listed = (await json(await offersRoute(get('/api/offers?q=gpu%3DH100%20gpus%3D1'))))
      .offers as SignedOfferJson[]
    const offer = listed[0]
    if (!offer) throw new Error('no offer listed')
    const { id } = await w.rent(offer, 3600, job)
    const renterCookie = await signIn(w.renter)

    const mine = await eventually('the indexer to see the rental', async () => {
      const body = await json(await rentalsRoute(get('/api/rentals', renterCookie)))
      const list = body.rentals as { id: string; status: string }[]
      return list.find((r) => r.id === id.toString())
    })
    // The agent may have started it already: nothing waits for a delivery any more.
    expect(['pending', 'running']).toContain(mine.status)
    expect((await rentalsRoute(get('/api/rentals'))).status).toBe(401)

    // Nobody delivers anything: the agent reads the sealed spec from the Rented event and starts.
    const detail = await eventually('the job to run', async () => {
      const body = await json(
        await rentalRoute(get(`/api/rentals/${id}`, renterCookie), params(id.toString())),
      )
      return (body.agent as { status?: string } | null)?.status === 'running' ? body : undefined
    })
    expect((detail.chain as { status: number }).status).toBe(2)
    expect(JSON.stringify(detail)).not.toContain(SECRET)

    const strangerCookie = await signIn(w.stranger)
    expect((await rentalRoute(get(`/api/rentals/${id}`, strangerCookie), params(id.toString()))).status).toBe(
      403,
    )

    const controller = new AbortController()
    const events = await eventsRoute(
      new Request(`${APP_ORIGIN}/api/rentals/${id}/events`, {
        headers: { cookie: renterCookie },
        signal: controller.signal,
      }),
      params(id.toString()),
    )
    expect(events.headers.get('content-type')).toContain('text/event-stream')
    const reader = events.body?.getReader()
    let text = ''
    while (!text.includes('hello through the market')) {
      const chunk = await reader?.read()
      if (!chunk || chunk.done) break
      text += new TextDecoder().decode(chunk.value)
    }
    expect(text).toContain('event: rental')
    expect(text).toContain('event: log')
    expect(text).not.toContain(SECRET)
    controller.abort()
    await reader?.cancel().catch(() => undefined)

    const stopReceipt = await w.renterCall('stop', id)
    await eventually('the stop to be indexed', async () => {
      const body = await json(await rentalsRoute(get('/api/rentals', renterCookie)))
      return (body.rentals as { id: string; status: string }[]).find(
        (r) => r.id === id.toString() && r.status === 'stopped',
      )
    })
    const receipts = (
      await json(await rentalRoute(get(`/api/rentals/${id}`, renterCookie), params(id.toString())))
    ).receipts as { name: string; txHash: string }[]
    // The agent may claim at any time, so only the renter's and the start's transactions are certain.
    expect(receipts.slice(0, 2).map((r) => r.name)).toEqual(['Rented', 'Started'])
    expect(receipts.find((r) => r.name === 'Stopped')?.txHash).toBe(stopReceipt.transactionHash)
  })
})
