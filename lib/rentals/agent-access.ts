import type { z } from 'zod'
import { type AgentRequestSigner, signAgentRequest } from '@/lib/agent-auth/request-signing'
import {
  ACCESS_SCOPES,
  ACCESS_TOKEN_TTL_SECONDS,
  accessTokenAnswerSchema,
  fileListingSchema,
  listeningPortsAnswerSchema,
  uploadAnswerSchema,
} from '@/lib/protocol/browser-access'
import { healthSchema } from '@/lib/protocol/health-report'
import { AgentAccessError, failureOf } from './agent-access-errors'

/*
 * The renter's browser talking to the provider's agent directly (PROTOCOL.md "Browser access"):
 * one signed request buys an access token, which then opens the terminal, the port proxy and the
 * workspace's files. Every answer is read with the protocol's own schemas.
 */

export type AccessToken = z.infer<typeof accessTokenAnswerSchema>
type Fetch = typeof fetch

/** The agent's base URL without trailing slashes; throws on anything but an http(s) URL. */
export function agentBase(endpoint: string): string {
  let url: URL
  try {
    url = new URL(endpoint)
  } catch {
    throw new AgentAccessError('invalid', `The provider’s endpoint is not a URL: ${endpoint}`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new AgentAccessError('invalid', `The provider’s endpoint is not an http(s) URL: ${endpoint}`)
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '')
}

/** `<agent>/v1/rentals/<id>/<rest>`; `rest` is already encoded. */
export function rentalUrl(endpoint: string, id: string, rest: string): string {
  if (!/^\d+$/.test(id)) throw new AgentAccessError('invalid', `Not a rental id: ${id}`)
  return `${agentBase(endpoint)}/v1/rentals/${id}/${rest}`
}

/** A workspace path with each segment encoded; `.`/`..` and empty segments are refused here already. */
export function encodeWorkspacePath(path: string): string {
  const segments = path.split('/')
  const trailing = segments.at(-1) === '' ? segments.pop() : undefined
  for (const segment of segments)
    if (segment === '' || segment === '.' || segment === '..')
      throw new AgentAccessError('invalid', `The path “${path}” has an empty, “.” or “..” part.`)
  return segments.map(encodeURIComponent).join('/') + (trailing === '' ? '/' : '')
}

const withToken = (url: string, token: string) =>
  `${url}${url.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}`

/** The address that opens a job's port in a browser tab: the agent swaps the token for a cookie. */
export function portPageUrl(endpoint: string, id: string, port: number, token: string): string {
  return withToken(portBaseUrl(endpoint, id, port), token)
}

/** The proxied port's base for programs, which send the token as a bearer. */
export function portBaseUrl(endpoint: string, id: string, port: number): string {
  if (!Number.isInteger(port) || port < 1 || port > 65_535)
    throw new AgentAccessError('invalid', `Not a TCP port: ${port}`)
  return rentalUrl(endpoint, id, `ports/${port}/`)
}

/** A download link for a file under `outputs/` (the agent answers it as an attachment). */
export function outputDownloadUrl(endpoint: string, id: string, path: string, token: string): string {
  return withToken(rentalUrl(endpoint, id, `files/outputs/${encodeWorkspacePath(path)}`), token)
}

/** The terminal's WebSocket address: ws(s) for http(s), with the size and the session to resume. */
export function terminalUrl(
  endpoint: string,
  id: string,
  token: string,
  options: { cols?: number; rows?: number; session?: string } = {},
): string {
  const url = new URL(rentalUrl(endpoint, id, 'terminal'))
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
  url.searchParams.set('token', token)
  if (options.cols && options.rows) {
    url.searchParams.set('cols', String(options.cols))
    url.searchParams.set('rows', String(options.rows))
  }
  if (options.session) url.searchParams.set('session', options.session)
  return url.toString()
}

async function call(fetchImpl: Fetch, url: string, init: RequestInit, what: string): Promise<Response> {
  let response: Response
  try {
    response = await fetchImpl(url, init)
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error
    throw new AgentAccessError(
      'unreachable',
      `The provider’s agent at ${new URL(url).origin} could not be reached (${what}).`,
    )
  }
  if (!response.ok) throw await failureOf(response, what)
  return response
}

async function read<S extends z.ZodType>(response: Response, schema: S, what: string): Promise<z.output<S>> {
  const parsed = schema.safeParse(await response.json().catch(() => undefined))
  if (!parsed.success)
    throw new AgentAccessError(
      'bad_answer',
      `The provider’s agent answered ${what} in a shape the page cannot read.`,
    )
  return parsed.data
}

/** Signs `POST /v1/rentals/:id/access-token` with the renter's wallet (one prompt) and reads the token. */
export async function requestAccessToken(args: {
  endpoint: string
  id: string
  signer: AgentRequestSigner
  fetch?: Fetch
  now?: number
}): Promise<AccessToken> {
  const url = rentalUrl(args.endpoint, args.id, 'access-token')
  const body = JSON.stringify({ scopes: [...ACCESS_SCOPES], ttlSeconds: ACCESS_TOKEN_TTL_SECONDS })
  const headers = await signAgentRequest({ signer: args.signer, url, method: 'POST', body, now: args.now })
  const response = await call(
    args.fetch ?? fetch,
    url,
    { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body },
    'the access-token request',
  )
  return read(response, accessTokenAnswerSchema, 'the access-token request')
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

/** The TCP ports the job listens on (409 once the rental is not running). */
export async function listPorts(endpoint: string, id: string, token: string, fetchImpl: Fetch = fetch) {
  const response = await call(
    fetchImpl,
    rentalUrl(endpoint, id, 'ports'),
    { headers: bearer(token) },
    'the port list',
  )
  return (await read(response, listeningPortsAnswerSchema, 'the port list')).ports
}

/** One folder of the workspace's `outputs/` ('' for its top). */
export async function listOutputs(
  endpoint: string,
  id: string,
  token: string,
  folder = '',
  fetchImpl: Fetch = fetch,
) {
  const path = folder === '' ? '' : encodeWorkspacePath(folder.replace(/\/?$/, '/'))
  const url = rentalUrl(endpoint, id, `files/outputs/${path}`)
  const response = await call(fetchImpl, url, { headers: bearer(token) }, 'the outputs listing')
  return read(response, fileListingSchema, 'the outputs listing')
}

/** Writes `body` to `/workspace/<path>` inside the running job. */
export async function uploadFile(
  endpoint: string,
  id: string,
  token: string,
  path: string,
  body: Blob,
  fetchImpl: Fetch = fetch,
) {
  const url = rentalUrl(endpoint, id, `files/${encodeWorkspacePath(path)}`)
  if (url.endsWith('/')) throw new AgentAccessError('invalid', 'The upload path must name a file.')
  const response = await call(fetchImpl, url, { method: 'PUT', headers: bearer(token), body }, 'the upload')
  return read(response, uploadAnswerSchema, 'the upload')
}

/** The agent's public `GET /v1/health` (200, or 503 with the same body when unhealthy). */
export async function readAgentHealth(endpoint: string, fetchImpl: Fetch = fetch) {
  const url = `${agentBase(endpoint)}/v1/health`
  let response: Response
  try {
    response = await fetchImpl(url)
  } catch {
    throw new AgentAccessError(
      'unreachable',
      `The provider’s agent at ${new URL(url).origin} could not be reached.`,
    )
  }
  if (!response.ok && response.status !== 503) throw await failureOf(response, 'its health report')
  return read(response, healthSchema, 'its health report')
}

/** `ssh -p <port> <id>@<host>`: the host as ssh takes it (an IPv6 address without brackets). */
export function sshCommand(endpoint: string, id: string, port: number): string {
  const host = new URL(agentBase(endpoint)).hostname.replace(/^\[(.*)\]$/, '$1')
  return `ssh -p ${port} ${id}@${host}`
}
