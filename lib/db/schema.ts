import { sql } from 'drizzle-orm'
import {
  bigint,
  bigserial,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core'

/** Token amounts and rental ids: whole numbers up to 2^256, exact. */
const uint256 = (name: string) => numeric(name, { precision: 78, scale: 0, mode: 'bigint' })
const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' })

/** Providers, from the contract's registry events, with what polling them has shown. */
export const providers = pgTable('providers', {
  address: text('address').primaryKey(),
  providerId: integer('provider_id').notNull(),
  endpoint: text('endpoint').notNull(),
  stake: uint256('stake').notNull(),
  registeredAt: at('registered_at').notNull(),
  updatedBlock: bigint('updated_block', { mode: 'bigint' }).notNull(),
  /** Why the endpoint is never polled (refused by the SSRF guard), if it is not. */
  endpointRefused: text('endpoint_refused'),
  lastPolledAt: at('last_polled_at'),
  lastOkAt: at('last_ok_at'),
  lastError: text('last_error'),
  latencyMs: integer('latency_ms'),
  reliability7d: doublePrecision('reliability_7d'),
  reliability1h: doublePrecision('reliability_1h'),
  offerCount: integer('offer_count').notNull().default(0),
  /** Offers dropped at the last poll, by reason. */
  dropped: jsonb('dropped').$type<{ reason: string; count: number }[]>().notNull().default([]),
})

/** One poll of one provider: the raw material of its reliability score. */
export const providerHealth = pgTable(
  'provider_health',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    provider: text('provider').notNull(),
    at: at('at').notNull(),
    ok: boolean('ok').notNull(),
    latencyMs: integer('latency_ms'),
    error: text('error'),
  },
  (t) => [index('provider_health_provider_at').on(t.provider, t.at)],
)

/** Live offers, as signed by their providers and checked by the aggregator. */
export const offers = pgTable(
  'offers',
  {
    provider: text('provider').notNull(),
    offerId: text('offer_id').notNull(),
    gpuModel: text('gpu_model').notNull(),
    gpuModelId: text('gpu_model_id'),
    gpuName: text('gpu_name').notNull(),
    gpuFamily: text('gpu_family'),
    gpuCount: integer('gpu_count').notNull(),
    vramMiB: integer('vram_mib').notNull(),
    /** What the offer sells besides its GPUs, signed by the provider as `OfferResources`. */
    cpus: integer('cpus').notNull(),
    memoryMiB: integer('memory_mib').notNull(),
    diskMiB: integer('disk_mib').notNull(),
    /** The host's bandwidth, Mbit/s; 0 when the provider does not know it. */
    networkMbps: integer('network_mbps').notNull(),
    /** The ways in the agent serves, the signed bit set (lib/chain/offer-access.ts: ssh = 1, terminal = 2, ports = 4, files = 8). */
    access: integer('access').notNull(),
    /** The runner that isolates jobs: process, sandbox or container. */
    isolation: text('isolation').notNull(),
    resourcesSignature: text('resources_signature').notNull(),
    token: text('token').notNull(),
    pricePerHour: uint256('price_per_hour').notNull(),
    /** In USD, assuming a dollar stablecoin with the token's decimals: for sorting and filtering. */
    pricePerHourUsd: doublePrecision('price_per_hour_usd').notNull(),
    pricePerGpuHourUsd: doublePrecision('price_per_gpu_hour_usd').notNull(),
    minDuration: integer('min_duration').notNull(),
    maxDuration: integer('max_duration').notNull(),
    expiresAt: at('expires_at').notNull(),
    region: text('region').notNull(),
    signature: text('signature').notNull(),
    reliability: doublePrecision('reliability'),
    stakeUsd: doublePrecision('stake_usd').notNull(),
    seenAt: at('seen_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.provider, t.offerId] }),
    index('offers_price_per_gpu_hour').on(t.pricePerGpuHourUsd),
    index('offers_price_per_hour').on(t.pricePerHourUsd),
    index('offers_gpu_model_id').on(t.gpuModelId),
    index('offers_expires_at').on(t.expiresAt),
  ],
)

/** Rentals, projected from the contract's events. */
export const rentals = pgTable(
  'rentals',
  {
    id: uint256('id').primaryKey(),
    renter: text('renter').notNull(),
    provider: text('provider').notNull(),
    offerId: text('offer_id').notNull(),
    token: text('token').notNull(),
    pricePerHour: uint256('price_per_hour').notNull(),
    duration: integer('duration').notNull(),
    deposit: uint256('deposit').notNull(),
    /** keccak256 of the sealed job spec the rent transaction carried (the spec itself is never stored). */
    jobSpecHash: text('job_spec_hash').notNull(),
    sealedSpecBytes: integer('sealed_spec_bytes').notNull(),
    gpuModel: text('gpu_model').notNull(),
    gpuCount: integer('gpu_count').notNull(),
    vramMiB: integer('vram_mib').notNull(),
    /** pending, running, stopped, ended, cancelled, declined, finished, no-show */
    status: text('status').notNull(),
    createdAt: at('created_at').notNull(),
    startedAt: at('started_at'),
    endsAt: at('ends_at'),
    paidSeconds: integer('paid_seconds').notNull().default(0),
    paid: uint256('paid').notNull().default(sql`0`),
    refunded: uint256('refunded').notNull().default(sql`0`),
    compensation: uint256('compensation').notNull().default(sql`0`),
    /** The provider's reason code, once it declined the rental (DeclineReason). */
    declineReason: integer('decline_reason'),
    /** Who settled the rental as a no-show (the renter, the provider or anyone else). */
    settledBy: text('settled_by'),
    /** When it was stopped, finished, declined, cancelled or settled as a no-show. */
    closedAt: at('closed_at'),
    rentedTx: text('rented_tx').notNull(),
    rentedBlock: bigint('rented_block', { mode: 'bigint' }).notNull(),
    updatedBlock: bigint('updated_block', { mode: 'bigint' }).notNull(),
  },
  (t) => [index('rentals_renter').on(t.renter), index('rentals_provider').on(t.provider)],
)

/** Every market event applied, keyed by position: re-applying one is a no-op; a reorg deletes them. */
export const marketEvents = pgTable(
  'market_events',
  {
    blockNumber: bigint('block_number', { mode: 'bigint' }).notNull(),
    logIndex: integer('log_index').notNull(),
    blockHash: text('block_hash').notNull(),
    txHash: text('tx_hash').notNull(),
    name: text('name').notNull(),
    rentalId: uint256('rental_id'),
    /** The account a Credited or Withdrawn event names: what rebuilds its credits after a reorg. */
    account: text('account'),
    args: jsonb('args').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.blockNumber, t.logIndex] }),
    index('market_events_rental').on(t.rentalId),
    index('market_events_account').on(t.account),
  ],
)

/**
 * Payouts the market credited to an account because the token refused the transfer (Credited), and
 * what the account took out since (Withdrawn), per token: the difference is `credit(account, token)`.
 */
export const credits = pgTable(
  'credits',
  {
    account: text('account').notNull(),
    token: text('token').notNull(),
    credited: uint256('credited').notNull(),
    withdrawn: uint256('withdrawn').notNull(),
    updatedBlock: bigint('updated_block', { mode: 'bigint' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.account, t.token] })],
)

/** Where each follower of the chain stopped: block number and hash (to notice reorgs). */
export const chainCursors = pgTable('chain_cursors', {
  name: text('name').primaryKey(),
  blockNumber: bigint('block_number', { mode: 'bigint' }).notNull(),
  blockHash: text('block_hash').notNull(),
  updatedAt: at('updated_at').notNull(),
})

/** Sign-In with Ethereum nonces: issued to one visitor, consumed once, whatever the outcome. */
export const authNonces = pgTable('auth_nonces', {
  nonce: text('nonce').primaryKey(),
  visitor: text('visitor').notNull(),
  expiresAt: at('expires_at').notNull(),
  consumedAt: at('consumed_at'),
})

/** Signed-in sessions; the cookie carries a random token whose SHA-256 is the id. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    address: text('address').notNull(),
    chainId: integer('chain_id').notNull(),
    createdAt: at('created_at').notNull(),
    expiresAt: at('expires_at').notNull(),
  },
  (t) => [index('sessions_address').on(t.address)],
)

/**
 * Request counters of the market's rate limits, one row per key (`rule:ip:…` or `rule:address:…`),
 * shared by every app instance on this database; a row past `expire` starts a fresh window.
 */
export const rateLimits = pgTable(
  'rate_limits',
  {
    key: text('key').primaryKey(),
    points: integer('points').notNull(),
    expire: at('expire'),
  },
  (t) => [index('rate_limits_expire').on(t.expire)],
)
