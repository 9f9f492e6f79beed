import type { Context, Hono } from 'hono'
import { accessTokenRequestSchema } from '@/lib/protocol/browser-access'
import { issueAccessToken } from '../access/access-token'
import { jobListeningPorts } from '../access/job-ports'
import { authorizeWeb, runningJobOf, type WebAccess } from '../access/web-access'
import { downloadFile, listOutputs, uploadFile, workspacePath } from '../access/workspace-files'
import type { RentalEnv } from './rental-access'
import { describeIssues, HttpError, jsonResponse } from './responses'

/** `POST /v1/rentals/:id/access-token`, behind the request-signing middleware: renters only. */
export function accessTokenHandler(access: WebAccess) {
  return (c: Context<RentalEnv>) => {
    if (c.var.role !== 'renter') {
      throw new HttpError('forbidden', "access tokens are for the rental's renter only")
    }
    let json: unknown = {}
    const text = new TextDecoder().decode(c.var.body)
    try {
      if (text.trim() !== '') json = JSON.parse(text)
    } catch {
      throw new HttpError('invalid', 'the body must be JSON: {"scopes"?: [...], "ttlSeconds"?: n}')
    }
    const body = accessTokenRequestSchema.safeParse(json)
    if (!body.success) throw new HttpError('invalid', describeIssues('body', body.error))
    const expiresAt = Math.floor((access.now ?? Date.now)() / 1000) + body.data.ttlSeconds
    const grant = { rentalId: c.var.rentalId, renter: c.var.signer, scopes: body.data.scopes, expiresAt }
    return jsonResponse(
      { token: issueAccessToken(access.secret, grant), expiresAt, scopes: grant.scopes },
      201,
    )
  }
}

/** The browser routes: ports and the port proxy, and the workspace's files; each needs an access token. */
export function addWebRoutes(app: Hono<RentalEnv>, access: WebAccess) {
  const grant = (c: Context, scope: 'ports' | 'files') =>
    authorizeWeb(access, c.req.param('id'), new URL(c.req.url), c.req.raw.headers, scope)

  app.get('/v1/rentals/:id/ports', async (c) => {
    const { rentalId } = grant(c, 'ports')
    // Started on-chain, its job not yet launched: the page already shows it running, and it listens on nothing yet.
    if (!access.runningJob(rentalId) && access.launching?.(rentalId)) return jsonResponse({ ports: [] })
    const ports = await jobListeningPorts(access.runner, runningJobOf(access, rentalId))
    if (!ports) throw new HttpError('conflict', `rental ${rentalId} is not running`)
    return jsonResponse({ ports })
  })

  // The port proxy (`/v1/rentals/:id/ports/:port/*`) is served ahead of the app: port-proxy-route.ts.

  const outputsPrefix = (c: Context) => `/v1/rentals/${c.req.param('id')}/files/outputs`
  app.get('/v1/rentals/:id/files/outputs/*', async (c) => {
    const { rentalId } = grant(c, 'files')
    const raw = new URL(c.req.url).pathname.slice(outputsPrefix(c).length)
    const path = workspacePath(raw)
    const listing = raw === '' || raw.endsWith('/')
    const jobDir = access.runningJob(rentalId)
    if (!jobDir && listing && access.launching?.(rentalId))
      return jsonResponse({ path: `outputs/${path}`, entries: [] })
    if (jobDir) {
      if (!listing) return downloadFile(access.runner, jobDir, `outputs/${path}`)
      return jsonResponse({
        path: `outputs/${path}`,
        entries: await listOutputs(access.runner, jobDir, path),
      })
    }
    // Ended: the kept outputs, for as long as the provider keeps them.
    const ended = access.kept?.endedJob(rentalId)
    if (ended && access.kept?.outputs.stopping(ended)) {
      // The rental has ended and its job is being stopped (up to its grace period): kept once it has exited.
      throw new HttpError('conflict', `rental ${rentalId}'s job is still stopping; try again shortly`)
    }
    if (!ended || !access.kept?.outputs.kept(ended)) {
      throw new HttpError('not_found', `rental ${rentalId} is not running and its outputs are not kept`)
    }
    if (!listing) return access.kept.outputs.download(ended, path)
    return jsonResponse({ path: `outputs/${path}`, entries: await access.kept.outputs.list(ended, path) })
  })
  app.get('/v1/rentals/:id/files/outputs', (c) =>
    c.redirect(`${outputsPrefix(c)}/${new URL(c.req.url).search}`, 308),
  )
  app.put('/v1/rentals/:id/files/*', async (c) => {
    const jobDir = runningJobOf(access, grant(c, 'files').rentalId)
    const raw = new URL(c.req.url).pathname.slice(`/v1/rentals/${c.req.param('id')}/files/`.length)
    const path = workspacePath(raw)
    if (path === '' || raw.endsWith('/')) throw new HttpError('invalid', 'the upload path must name a file')
    return jsonResponse(await uploadFile(access.runner, jobDir, path, c.req.raw.body), 201)
  })
}
