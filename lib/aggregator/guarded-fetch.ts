import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http'
import https from 'node:https'
import type { LookupFunction } from 'node:net'
import type { ByteBudget } from './byte-budget'
import { checkEndpoint, type GuardPass, type GuardRefusal, type HostLookup } from './ssrf-guard'

export type FetchErrorKind =
  | 'timeout'
  | 'too_large'
  | 'refused'
  | 'http_status'
  | 'network'
  | 'redirect'
  | 'aborted'

/** A failed provider fetch. `message` is ours, never the provider's text. */
export class GuardedFetchError extends Error {
  constructor(
    readonly kind: FetchErrorKind,
    message: string,
    readonly detail: { status?: number; refusal?: GuardRefusal } = {},
  ) {
    super(message)
    this.name = 'GuardedFetchError'
  }
}

export type GuardedFetchOptions = {
  /** Budget for the whole fetch: DNS, connection, redirects and body. */
  timeoutMs: number
  /** Most body bytes read; past it the fetch is aborted, whatever Content-Length said. */
  maxBytes: number
  allowLoopback: boolean
  maxRedirects?: number
  signal?: AbortSignal
  lookup?: HostLookup
  /** A guard pass for the URL made just before, so its address serves the first hop. */
  pinned?: GuardPass
  budget?: ByteBudget
  /** GET by default; the market's signed calls to agents also POST a JSON body. */
  method?: 'GET' | 'POST'
  headers?: Record<string, string>
  body?: string
}

export type GuardedResponse = {
  status: number
  url: string
  address: string
  body: Buffer
  elapsedMs: number
  /** Gives the body's bytes back to the shared budget, once the caller is done with it. */
  release(): void
}

const REDIRECTS = new Set([301, 302, 303, 307, 308])

/** A lookup that answers every name with the checked address: DNS cannot switch it after the check. */
function pinnedLookup(address: string, family: 4 | 6): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address, family }])
    else callback(null, address, family)
  }
}

type Hop = { status: number; headers: IncomingHttpHeaders; body: Buffer }

function requestOnce(pass: GuardPass, signal: AbortSignal, options: GuardedFetchOptions): Promise<Hop> {
  const { url } = pass
  const client = url.protocol === 'https:' ? https : http
  return new Promise<Hop>((resolve, reject) => {
    let response: IncomingMessage | undefined
    let taken = 0
    let settled = false
    const chunks: Buffer[] = []
    const finish = (error?: GuardedFetchError, hop?: Hop) => {
      if (settled) return
      settled = true
      signal.removeEventListener('abort', onAbort)
      if (error) {
        options.budget?.give(taken)
        req.destroy()
        response?.destroy()
        reject(error)
      } else if (hop) resolve(hop)
    }
    const onAbort = () =>
      finish(
        signal.reason instanceof GuardedFetchError
          ? signal.reason
          : new GuardedFetchError('aborted', 'the fetch was cancelled'),
      )
    const req = client.request({
      protocol: url.protocol,
      hostname: url.hostname.replace(/^\[|\]$/g, ''),
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
      method: options.method ?? 'GET',
      headers: {
        ...options.headers,
        accept: 'application/json',
        'accept-encoding': 'identity',
        'user-agent': 'weft-market',
        ...(options.body !== undefined
          ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(options.body)) }
          : {}),
      },
      agent: false,
      lookup: pinnedLookup(pass.address, pass.family),
      maxHeaderSize: 16 * 1024,
    })
    signal.addEventListener('abort', onAbort, { once: true })
    req.on('error', (error: NodeJS.ErrnoException) =>
      finish(new GuardedFetchError('network', `connection failed (${error.code ?? error.name})`)),
    )
    req.on('response', (res) => {
      response = res
      const status = res.statusCode ?? 0
      if (REDIRECTS.has(status) || status < 200 || status >= 300) {
        finish(undefined, { status, headers: res.headers, body: Buffer.alloc(0) })
        res.destroy()
        return
      }
      const declared = Number(res.headers['content-length'])
      if (Number.isFinite(declared) && declared > options.maxBytes) {
        finish(new GuardedFetchError('too_large', `the body is declared as ${declared} bytes`))
        return
      }
      res.on('data', (chunk: Buffer) => {
        if (settled) return
        taken += chunk.length
        const within = options.budget?.take(chunk.length) ?? true
        if (taken > options.maxBytes) {
          finish(new GuardedFetchError('too_large', `the body exceeds ${options.maxBytes} bytes`))
          return
        }
        chunks.push(chunk)
        if (!within && options.budget) {
          res.pause()
          void options.budget.whenFree().then(() => res.resume())
        }
      })
      res.on('end', () => finish(undefined, { status, headers: res.headers, body: Buffer.concat(chunks) }))
      res.on('error', () => finish(new GuardedFetchError('network', 'the response was cut off')))
    })
    req.end(options.body)
  })
}

/**
 * GETs `url` from a provider, safely: every hop is checked by the SSRF guard and the connection
 * is pinned to the checked address; redirects are followed by hand (http(s) only, a few hops);
 * one deadline covers everything; the body is streamed and cut at `maxBytes`; no cookies are sent
 * or kept. Throws `GuardedFetchError` with a typed `kind`.
 */
export async function guardedFetch(url: string, options: GuardedFetchOptions): Promise<GuardedResponse> {
  const started = performance.now()
  const deadline = new AbortController()
  // Timers run before the event loop reads sockets: when this process is busy, an answer that came
  // in time can still be unread when the deadline fires. The abort waits one turn of the loop, so
  // what has already arrived is read first; the time it takes is this process's, not the provider's.
  const timer = setTimeout(
    () =>
      setImmediate(() =>
        deadline.abort(new GuardedFetchError('timeout', `no complete answer within ${options.timeoutMs} ms`)),
      ),
    options.timeoutMs,
  )
  const outer = options.signal
  const cancel = () => deadline.abort(new GuardedFetchError('aborted', 'the fetch was cancelled'))
  if (outer?.aborted) cancel()
  outer?.addEventListener('abort', cancel, { once: true })
  const aborted = new Promise<never>((_, reject) => {
    const fail = () => reject(deadline.signal.reason)
    if (deadline.signal.aborted) fail()
    else deadline.signal.addEventListener('abort', fail, { once: true })
  })
  aborted.catch(() => undefined)
  try {
    let current = url
    for (let hop = 0; ; hop++) {
      const pass =
        hop === 0 && options.pinned
          ? options.pinned
          : await Promise.race([checkEndpoint(current, options), aborted])
      if (!pass.ok) throw new GuardedFetchError('refused', pass.message, { refusal: pass })
      const answer = await Promise.race([requestOnce(pass, deadline.signal, options), aborted])
      if (!REDIRECTS.has(answer.status)) {
        if (answer.status < 200 || answer.status >= 300)
          throw new GuardedFetchError('http_status', `answered HTTP ${answer.status}`, {
            status: answer.status,
          })
        const { body } = answer
        let held = body.length
        return {
          status: answer.status,
          url: pass.url.toString(),
          address: pass.address,
          body,
          elapsedMs: Math.round(performance.now() - started),
          release: () => {
            options.budget?.give(held)
            held = 0
          },
        }
      }
      if (hop >= (options.maxRedirects ?? 3)) throw new GuardedFetchError('redirect', 'too many redirects')
      const location = answer.headers.location
      if (!location) throw new GuardedFetchError('redirect', `HTTP ${answer.status} without a Location`)
      try {
        current = new URL(location, pass.url).toString()
      } catch {
        throw new GuardedFetchError('redirect', 'the redirect names no valid URL')
      }
    }
  } finally {
    clearTimeout(timer)
    outer?.removeEventListener('abort', cancel)
  }
}
