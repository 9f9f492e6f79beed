import { z } from 'zod'
import {
  logsQuerySchema,
  metricsQuerySchema,
  rentalIdParamSchema,
  rentalPathSchema,
  streamQuerySchema,
} from '../agent-queries'
import {
  inventoryAnswerSchema,
  logOverflowSchema,
  metricsAnswerSchema,
  offersAnswerSchema,
} from '../agent-replies'
import {
  accessTokenAnswerSchema,
  accessTokenRequestSchema,
  fileListingSchema,
  listeningPortsAnswerSchema,
  uploadAnswerSchema,
} from '../browser-access'
import { healthSchema } from '../health-report'
import { logLineSchema, logPageSchema } from '../job-logs'
import { rentalInfoSchema } from '../rental-info'
import { errorReplies, errorReply, type Reply, type RouteDoc } from './route-doc'

/** The provider agent's HTTP API (agent/http/app.ts), route by route. */

const tooMany = errorReply(
  'too_many_requests',
  'Past the rate limit for the client IP address (public routes: requests; private routes: failed signatures). `retry-after` says when to try again.',
  { 'retry-after': 'Seconds until the limit allows the next request.' },
)

const rentalPath = {
  schema: rentalPathSchema,
  notes: { id: 'The rental id (uint256), decimal or 0x-hex.' },
}

/** What every private route may answer besides its own success. */
const privateErrors: Record<number, Reply> = {
  ...errorReplies(
    ['invalid', 'The rental id or a query parameter is malformed; the message names which.'],
    [
      'unauthorized',
      'The request is unsigned, its signature headers are malformed, its timestamp is more than 60 s from the agent’s clock, its nonce was used before, or the signature does not match this request at this agent’s origin.',
    ],
    ['forbidden', 'The signer is neither the rental’s renter nor the market operator.'],
    [
      'not_found',
      'The rental is not this provider’s (told to the operator only), or the agent has not seen it yet.',
    ],
    ['payload_too_large', 'The request body is larger than the agent accepts.'],
    ['unavailable', 'The agent cannot serve this now (chain or runner unreachable); try again shortly.'],
    ['internal', 'The agent failed to handle the request.'],
  ),
  ...tooMany,
}

/** Path parameters of the file routes. */
const filePath = {
  schema: z.object({ id: rentalIdParamSchema, path: z.string() }),
  notes: {
    id: 'The rental id (uint256), decimal or 0x-hex.',
    path: 'A path relative to the folder, `/`-separated and percent-encoded; no `.` or `..` segments.',
  },
}

/** What every route behind an access token may answer besides its own success. */
const webErrors: Record<number, Reply> = errorReplies(
  ['invalid', 'The rental id, port or path is malformed; the message names which.'],
  [
    'unauthorized',
    'No access token, or one that is expired, for another rental, for other scopes, or not issued by this agent.',
  ],
  ['conflict', 'The rental is not running.'],
  ['internal', 'The agent failed to handle the request.'],
)

const rentalRoute = (
  path: string,
  summary: string,
  description: string,
  ok: Reply,
  query?: RouteDoc['query'],
): RouteDoc => ({
  method: 'GET',
  path,
  summary,
  description,
  auth: 'agent-signature',
  params: rentalPath,
  query,
  replies: { 200: ok, ...privateErrors },
})

export const AGENT_ROUTES: readonly RouteDoc[] = [
  {
    method: 'GET',
    path: '/v1/health',
    summary: 'Whom the agent serves and whether it can take rentals now',
    description: '200 when healthy, 503 with the same body when not (`ok: false`), so load balancers see it.',
    auth: 'none',
    replies: {
      200: { description: 'The agent is healthy.', json: healthSchema },
      503: { description: 'The agent is unhealthy (`ok` is false).', json: healthSchema },
      ...tooMany,
    },
  },
  {
    method: 'GET',
    path: '/v1/inventory',
    summary: 'The host’s GPUs',
    description: 'Every GPU of the host with its last readings; readings a GPU cannot give are null.',
    auth: 'none',
    replies: { 200: { description: 'The GPUs.', json: inventoryAnswerSchema }, ...tooMany },
  },
  {
    method: 'GET',
    path: '/v1/offers',
    summary: 'The provider’s live signed offers',
    description:
      'Each entry is an EIP-712 signed `Offer` ready for `rent`, its signed `OfferResources`, and unsigned display fields. Offers whose GPUs are busy are left out.',
    auth: 'none',
    replies: { 200: { description: 'The offers.', json: offersAnswerSchema }, ...tooMany },
  },
  rentalRoute(
    '/v1/rentals/{id}',
    'The agent’s view of one rental’s job',
    'What the agent knows of the rental: its job’s status and timeline, its GPUs, when it started and ends.',
    { description: 'The rental as the agent knows it.', json: rentalInfoSchema },
  ),
  rentalRoute(
    '/v1/rentals/{id}/logs',
    'A page of the job’s log',
    'Lines from the cursor `after` on, at most `limit`; `next` is the cursor to read on from and `done` is true once the job has ended and every line was read.',
    { description: 'A page of log lines.', json: logPageSchema },
    {
      schema: logsQuerySchema,
      notes: {
        after: 'How many lines were already read (the seq of the first line wanted); 0 by default.',
        limit: 'Most lines to return, 1 to 1000; 1000 by default.',
      },
    },
  ),
  rentalRoute(
    '/v1/rentals/{id}/logs/stream',
    'The job’s log as server-sent events',
    'A `log` event per line from `after` on (its SSE id is the line’s seq), `end` once the job has ended, comment heartbeats in between. A client too slow to keep up gets `overflow` with the cursor to page on from with /logs, and the stream closes.',
    {
      description: 'An event stream.',
      events: { log: logLineSchema, overflow: logOverflowSchema, end: z.object({}) },
    },
    {
      schema: streamQuerySchema,
      notes: { after: 'How many lines were already read; 0 by default.' },
    },
  ),
  rentalRoute(
    '/v1/rentals/{id}/metrics',
    'GPU samples of the rental’s GPUs',
    'Samples from nvidia-smi of the GPUs the rental holds, from `since` on.',
    { description: 'The samples.', json: metricsAnswerSchema },
    {
      schema: metricsQuerySchema,
      notes: { since: 'Epoch milliseconds; only samples from then on. Every kept sample when absent.' },
    },
  ),
  {
    method: 'POST',
    path: '/v1/rentals/{id}/access-token',
    summary: 'A short-lived access token for the rental’s browser routes',
    description:
      'For the renter only (the operator gets 403). The token stands in for a signed request where a browser cannot sign each request: the web terminal’s WebSocket, the port proxy and the workspace’s files. It binds the rental, the renter, the scopes and the expiry, and is good at this agent only.',
    auth: 'agent-signature',
    params: rentalPath,
    body: {
      schema: accessTokenRequestSchema,
      description:
        'Optional: the scopes wanted (all three by default) and a lifetime of 10–600 s (600 by default).',
    },
    replies: {
      201: { description: 'The token.', json: accessTokenAnswerSchema },
      ...privateErrors,
      ...errorReplies(['forbidden', 'The signer is not the rental’s renter (the operator included).']),
    },
  },
  {
    method: 'GET',
    path: '/v1/rentals/{id}/ports',
    summary: 'The TCP ports the job listens on',
    description:
      'Read from /proc/net/tcp and tcp6 inside the job’s network namespace; each is reachable through the port proxy at /v1/rentals/{id}/ports/{port}/. Empty while the job is still being launched after the rental started on-chain.',
    auth: 'access-token',
    params: rentalPath,
    replies: { 200: { description: 'The listening ports.', json: listeningPortsAnswerSchema }, ...webErrors },
  },
  {
    method: 'GET',
    path: '/v1/rentals/{id}/files/outputs',
    summary: 'Redirects to the outputs folder’s listing',
    description: 'A 308 to /v1/rentals/{id}/files/outputs/.',
    auth: 'access-token',
    params: rentalPath,
    replies: { 308: { description: 'Go to the listing.', headers: { location: 'The listing’s path.' } } },
  },
  {
    method: 'GET',
    path: '/v1/rentals/{id}/files/outputs/{path}',
    summary: 'A listing of the workspace’s outputs/ folder, or one of its files',
    description:
      'A path ending in `/` (or empty) lists that folder: name, size, mtime (Unix seconds) and whether each entry is a folder. Any other path downloads the file, streamed, with `content-disposition: attachment`. While the job runs everything is read inside the job, as its user, so symlinks lead only where the job itself can go; after it ends the outputs stay readable for the provider’s `outputsRetentionSeconds`, symlinks never followed. A folder lists empty while the job is still being launched; right after the rental ends, 409 until its job has stopped. Paths with `.` or `..` segments are refused.',
    auth: 'access-token',
    params: filePath,
    replies: {
      200: {
        description: 'The listing (JSON) or the file’s bytes (application/octet-stream).',
        json: fileListingSchema,
        headers: { 'content-disposition': "For a file: `attachment; filename*=UTF-8''<name>`." },
      },
      ...webErrors,
      ...errorReplies([
        'not_found',
        'No such file or folder under outputs/, or the outputs are no longer kept.',
      ]),
    },
  },
  {
    method: 'PUT',
    path: '/v1/rentals/{id}/files/{path}',
    summary: 'Uploads a file into the workspace',
    description:
      'The body (streamed, any size up to the workspace’s free space) is written to /workspace/<path> inside the job, as its user; missing folders are made. An existing file is replaced.',
    auth: 'access-token',
    params: filePath,
    replies: {
      201: { description: 'Written.', json: uploadAnswerSchema },
      ...webErrors,
      ...errorReplies(['payload_too_large', 'The workspace is full (its quota is the disk the offer sold).']),
    },
  },
]
