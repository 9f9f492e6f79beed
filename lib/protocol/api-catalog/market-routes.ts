import { marketContractsSchema } from '@/lib/chain/market-contracts'
import { offerPageSchema } from '@/lib/market/offer-view'
import { providerListSchema } from '@/lib/market/provider-view'
import { creditListSchema, rentalListSchema } from '@/lib/market/rental-view'
import { rentalDetailSchema } from '@/lib/rentals/rental-detail'
import { liveEventSchemas } from '@/lib/rentals/rental-schemas'
import { nonceAnswerSchema, signedInSchema } from '@/lib/session/session-key'
import {
  marketHealthSchema,
  marketRentalPathSchema,
  marketStatsSchema,
  offerDetailQuerySchema,
  offerDetailSchema,
  offerPathSchema,
  signInRequestSchema,
} from '../market-wire'
import { offersQuery } from './offers-query'
import { errorReplies, errorReply, type Reply, type RouteDoc } from './route-doc'

/** The market server's HTTP API (app/api/**\/route.ts), route by route. */

const tooMany = errorReply('too_many_requests', 'Past the rate limit for the client IP address or account.', {
  'retry-after': 'Seconds until the limit allows the next request.',
})
const unavailable = errorReply('unavailable', 'The database is unavailable; try again shortly.', {
  'retry-after': 'Seconds to wait.',
})
const noStore = { 'cache-control': '`no-store`' }

/** The guards of a state-changing POST (lib/auth/request-guards.ts). */
const sameOriginErrors = errorReplies(
  ['forbidden', 'The `Origin` header is not the app’s own origin.'],
  ['unsupported_media_type', 'The body is not `application/json`.'],
)

const rentalPath = {
  schema: marketRentalPathSchema,
  notes: { id: 'The rental id (uint256), decimal or 0x-hex.' },
}

const rentalErrors: Record<number, Reply> = {
  ...errorReplies(
    ['invalid', 'The rental id is not a uint256 in decimal or 0x-hex.'],
    ['unauthorized', 'Not signed in.'],
    ['forbidden', 'The rental belongs to another account.'],
    ['not_found', 'No rental with this id, indexed or on-chain.'],
  ),
  ...tooMany,
  ...unavailable,
}

export const MARKET_ROUTES: readonly RouteDoc[] = [
  {
    method: 'GET',
    path: '/api/health',
    summary: 'Liveness',
    description: 'Answers without touching the database or the chain.',
    auth: 'none',
    replies: { 200: { description: 'The server is up.', json: marketHealthSchema, headers: noStore } },
  },
  {
    method: 'GET',
    path: '/api/market/contracts',
    summary: 'The chain and contracts this server uses',
    description: 'The chain id and the addresses of the market contract and its payment (and stake) token.',
    auth: 'none',
    replies: {
      200: { description: 'The deployment.', json: marketContractsSchema },
      ...errorReply('unavailable', 'The market is not deployed yet.'),
    },
  },
  {
    method: 'GET',
    path: '/api/market/stats',
    summary: 'Per GPU model: offers, GPUs and prices',
    description:
      'Over live offers, per GPU model: the number of offers, GPUs available (the largest offer of each provider) and the minimum, median and maximum price per GPU-hour in USD.',
    auth: 'none',
    replies: { 200: { description: 'The statistics.', json: marketStatsSchema }, ...unavailable },
  },
  {
    method: 'GET',
    path: '/api/offers',
    summary: 'Live offers, filtered, sorted and paged',
    description:
      '`q` is the filter grammar (`gpu=H100 gpus>=2 price<3`); every filter parameter is one more clause that must hold. A 400 for a bad filter carries `position: { start, end }` (in `q` or the parameter) and `param`.',
    auth: 'none',
    query: offersQuery,
    replies: {
      200: {
        description: 'A page of offers with the total and facet counts.',
        json: offerPageSchema,
        headers: noStore,
      },
      ...errorReply('invalid', 'A parameter, the filter or the cursor is malformed; the message says which.'),
      ...unavailable,
    },
  },
  {
    method: 'GET',
    path: '/api/offers/{id}',
    summary: 'One live offer and its provider',
    description:
      'An offer id names one offer per provider; `provider` picks one when several providers use the id.',
    auth: 'none',
    params: { schema: offerPathSchema, notes: { id: 'The offer id, 0x and 64 hex digits.' } },
    query: { schema: offerDetailQuerySchema, notes: { provider: 'The provider’s address.' } },
    replies: {
      200: { description: 'The offer.', json: offerDetailSchema },
      ...errorReplies(
        ['invalid', 'The offer id or provider is malformed.'],
        ['not_found', 'No live offer with this id: it may have been rented or have expired.'],
        ['conflict', 'Several providers use this offer id: add `?provider=0x…`.'],
      ),
      ...unavailable,
    },
  },
  {
    method: 'GET',
    path: '/api/providers',
    summary: 'Every registered provider',
    description: 'Registration, stake, reliability and how the last polls of its agent went.',
    auth: 'none',
    replies: {
      200: { description: 'The providers.', json: providerListSchema, headers: noStore },
      ...unavailable,
    },
  },
  {
    method: 'GET',
    path: '/api/auth/nonce',
    summary: 'A nonce for a Sign-In with Ethereum message',
    description:
      'Single use, valid ten minutes, bound to this browser by an httpOnly visitor cookie (set here when missing): a nonce only signs in the client it was issued to.',
    auth: 'none',
    replies: {
      200: {
        description: 'The nonce.',
        json: nonceAnswerSchema,
        headers: { 'set-cookie': 'The visitor cookie.', ...noStore },
      },
      ...tooMany,
      ...unavailable,
    },
  },
  {
    method: 'POST',
    path: '/api/auth/verify',
    summary: 'Sign in',
    description:
      'A signed EIP-4361 message for a nonce from /api/auth/nonce, sent with the visitor cookie from the same origin. Sets the session cookie. Failures carry a `reason` beside `code` and `message`.',
    auth: 'none',
    body: { schema: signInRequestSchema, description: 'The message and its signature (hex).' },
    replies: {
      200: {
        description: 'Signed in.',
        json: signedInSchema,
        headers: { 'set-cookie': 'The session cookie.', ...noStore },
      },
      ...errorReplies(
        ['invalid', 'The body or the message is malformed.'],
        [
          'unauthorized',
          'The nonce is unknown, used, expired or another browser’s, or the message or signature does not hold.',
        ],
        ['payload_too_large', 'The body, message or its resources are too large.'],
        ['unavailable', 'The chain could not be reached to check a contract wallet’s signature.'],
      ),
      ...sameOriginErrors,
      ...tooMany,
    },
  },
  {
    method: 'GET',
    path: '/api/auth/session',
    summary: 'Who is signed in',
    description:
      '`{ address, chainId }` when signed in, else `null`. A cookie naming no live session is cleared.',
    auth: 'session',
    replies: {
      200: { description: 'The session, or null.', json: signedInSchema.nullable(), headers: noStore },
      ...tooMany,
      ...unavailable,
    },
  },
  {
    method: 'POST',
    path: '/api/auth/logout',
    summary: 'Sign out',
    description:
      'Ends the session and clears its cookie (also when nobody was signed in). Same-origin JSON POST only.',
    auth: 'session',
    replies: {
      204: {
        description: 'Signed out.',
        headers: { 'set-cookie': 'The cleared session cookie.', ...noStore },
      },
      ...sameOriginErrors,
      ...tooMany,
    },
  },
  {
    method: 'GET',
    path: '/api/auth/logout',
    summary: 'Refused',
    description: 'Always 405: a link or an image on another site must not sign anyone out.',
    auth: 'none',
    replies: errorReply('method_not_allowed', 'Use POST.', { allow: '`POST`' }),
  },
  {
    method: 'GET',
    path: '/api/rentals',
    summary: 'The signed-in account’s rentals',
    description: 'As renter and as provider (`role`).',
    auth: 'session',
    replies: {
      200: { description: 'The rentals.', json: rentalListSchema, headers: noStore },
      ...errorReply('unauthorized', 'Not signed in.'),
      ...tooMany,
      ...unavailable,
    },
  },
  {
    method: 'GET',
    path: '/api/credits',
    summary: 'The signed-in account’s credited payouts',
    description:
      'Per token, what the market credited to this address because the token refused a transfer (a blacklist, a pause), and what is left to take out with `withdraw(token)`.',
    auth: 'session',
    replies: {
      200: { description: 'The credits.', json: creditListSchema, headers: noStore },
      ...errorReply('unauthorized', 'Not signed in.'),
      ...tooMany,
      ...unavailable,
    },
  },
  {
    method: 'GET',
    path: '/api/rentals/{id}',
    summary: 'One rental: index, chain, agent and transactions',
    description:
      'For its renter or provider: the indexed rental, its live state on-chain (`getRental`), the job’s status from the provider’s agent, and its transactions. A part that cannot be read is null beside a sentence saying why. `market` and `chainId` say where to send stop, extend and cancel.',
    auth: 'session',
    params: rentalPath,
    replies: {
      200: { description: 'The rental.', json: rentalDetailSchema, headers: noStore },
      ...rentalErrors,
    },
  },
  {
    method: 'GET',
    path: '/api/rentals/{id}/events',
    summary: 'A rental’s live feed as server-sent events',
    description:
      '`rental` when the indexed rental changes, `status` when the agent’s status changes, `log` per new log line, `gpu` per new GPU sample, `agent-error` while the agent cannot be reached, `end` once the rental is over and its log read to the end. For its renter or provider.',
    auth: 'session',
    params: rentalPath,
    replies: {
      200: { description: 'An event stream.', events: liveEventSchemas },
      ...rentalErrors,
    },
  },
]
