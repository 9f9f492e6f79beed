import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { ApiFailure } from './api-failure'
import { marketGet, marketPost } from './market-client'

const nonce = z.object({ nonce: z.string() })

/** A fetch that answers `response` and records what it was asked. */
function answering(response: Response | Error) {
  const calls: { url: string; init: RequestInit | undefined }[] = []
  const fetch = async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), init })
    if (response instanceof Error) throw response
    return response
  }
  return { fetch: fetch as typeof globalThis.fetch, calls }
}

async function failure(promise: Promise<unknown>): Promise<ApiFailure> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  if (!(error instanceof ApiFailure)) throw new Error(`expected an ApiFailure, got ${String(error)}`)
  return error
}

describe('market client', () => {
  it('reads a good answer with the schema', async () => {
    const s = answering(Response.json({ nonce: 'abc', extra: 1 }))
    expect(await marketGet('/api/auth/nonce', nonce, { fetch: s.fetch })).toEqual({ nonce: 'abc' })
    expect(s.calls[0]?.init?.credentials).toBe('same-origin')
  })

  it('maps the error body to status, code and message', async () => {
    const s = answering(
      Response.json({ error: { code: 'forbidden', message: 'Not yours.' } }, { status: 403 }),
    )
    const error = await failure(marketGet('/api/rentals/7', nonce, { fetch: s.fetch }))
    expect({ status: error.status, code: error.code, message: error.message }).toEqual({
      status: 403,
      code: 'forbidden',
      message: 'Not yours.',
    })
  })

  it('names an error answer without an error body by its status, in the caller’s words', async () => {
    const s = answering(new Response('<html>Bad Gateway</html>', { status: 502 }))
    const error = await failure(
      marketGet('/api/offers', nonce, { fetch: s.fetch, fallback: (status) => `answered ${status}` }),
    )
    expect([error.status, error.code, error.message]).toEqual([502, 'bad_gateway', 'answered 502'])
  })

  it('refuses a 200 answer of the wrong shape with a sentence naming the route and the field', async () => {
    const s = answering(Response.json({ nonce: 42 }))
    const error = await failure(marketGet('/api/auth/nonce?x=1', nonce, { fetch: s.fetch }))
    expect(error.status).toBe(200)
    expect(error.code).toBe('bad_response')
    expect(error.message).toMatch(
      /^The market server \(GET \/api\/auth\/nonce\) answered with something .* at nonce\)\.$/,
    )
  })

  it('refuses a 200 answer that is not JSON', async () => {
    const s = answering(new Response('not json', { status: 200 }))
    expect((await failure(marketGet('/api/auth/nonce', nonce, { fetch: s.fetch }))).code).toBe('bad_response')
  })

  it('reports an unreachable server as status 0 with a sentence, but lets a cancelled call abort', async () => {
    const s = answering(new TypeError('Failed to fetch'))
    const error = await failure(marketGet('/api/offers', nonce, { fetch: s.fetch, unreachable: 'Offline.' }))
    expect([error.status, error.code, error.message]).toEqual([0, 'unreachable', 'Offline.'])
    const controller = new AbortController()
    controller.abort()
    const aborted = answering(new DOMException('aborted', 'AbortError'))
    await expect(
      marketGet('/api/offers', nonce, { fetch: aborted.fetch, signal: controller.signal }),
    ).rejects.toThrow('aborted')
  })

  it('POSTs JSON and reads an empty 204 as undefined', async () => {
    const s = answering(new Response(null, { status: 204 }))
    expect(await marketPost('/api/auth/logout', {}, z.undefined(), { fetch: s.fetch })).toBeUndefined()
    expect(s.calls[0]?.init).toMatchObject({ method: 'POST', body: '{}' })
  })
})
