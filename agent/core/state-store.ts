import { chmodSync, mkdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { Address, Hex } from 'viem'
import { z } from 'zod'
import { type JobSpec, jobSpecSchema } from '@/lib/jobs/job-spec'
import { RENTAL_STATUSES, type TimelineEntry } from '@/lib/protocol/rental-info'
import { replaceFileDurably } from './durable-file'

/**
 * Where the rental stands on-chain, as the agent last saw it. `unknown`: the market has no such
 * rental (a record kept from another deployment); nothing is sent for it.
 */
export const CHAIN_STATES = [
  'pending',
  'running',
  'stopped',
  'ended',
  'cancelled',
  'declined',
  'finished',
  'noshow',
  'unknown',
] as const
export type ChainState = (typeof CHAIN_STATES)[number]

const hex = z.string().regex(/^0x[0-9a-fA-F]*$/)
const timelineEntry = z.object({
  at: z.number(),
  status: z.enum(RENTAL_STATUSES),
  note: z.string().optional(),
  txHash: hex.optional(),
})

/** What an offer sold besides its GPUs (lib/chain/offer-resources.ts), kept for the runner. */
const resources = z.object({
  cpus: z.number().int().positive(),
  memoryMiB: z.number().int().positive(),
  diskMiB: z.number().int().positive(),
  networkMbps: z.number().int().nonnegative(),
})

const rentalRecord = z.object({
  id: z.string().regex(/^\d+$/),
  /** The offer it filled: the provider's calls (start, decline, finish, claim) name the rental by it. */
  offerId: hex,
  renter: hex,
  /** Payment token (absent in records written before the agent kept it). */
  token: hex.optional(),
  gpuIndices: z.array(z.number().int().nonnegative()),
  /** Absent only when the agent has no record of the offer (such a rental is never started). */
  resources: resources.optional(),
  /** Host CPUs the job is pinned to (cpu-allocator.ts); null when its share is not whole cores. */
  cores: z.array(z.number().int().nonnegative()).nullable().optional(),
  gpuModel: z.string(),
  /** keccak256 of the sealed spec the rent transaction carried. */
  jobSpecHash: hex,
  duration: z.number().int().nonnegative(),
  status: z.enum(RENTAL_STATUSES),
  chain: z.enum(CHAIN_STATES),
  settled: z.boolean().default(false),
  timeline: z.array(timelineEntry),
  spec: jobSpecSchema.optional(),
  jobDir: z.string().optional(),
  /** Set once the agent decides to decline (lib/chain/rental-status.ts DeclineReason); sent until the chain has it. */
  declineReason: z.number().int().min(0).max(255).optional(),
  /** Epoch seconds, from the chain: when it was rented (its start window runs from then). */
  createdAt: z.number().optional(),
  /** Epoch seconds, from the chain. */
  startedAt: z.number().optional(),
  endsAt: z.number().optional(),
  exitCode: z.number().nullable().optional(),
})
export type RentalRecord = Omit<
  z.infer<typeof rentalRecord>,
  'offerId' | 'renter' | 'token' | 'jobSpecHash' | 'timeline' | 'spec'
> & {
  offerId: Hex
  renter: Address
  token?: Address
  jobSpecHash: Hex
  timeline: TimelineEntry[]
  spec?: JobSpec
}

const issuedOffer = z.object({
  gpuIndices: z.array(z.number().int()),
  resources,
  expiresAt: z.number(),
})
const stateSchema = z.object({
  version: z.literal(1),
  /** Last block whose market events were fully processed. */
  lastBlock: z.string().regex(/^\d+$/),
  rentals: z.record(z.string(), rentalRecord),
  /** Offers this agent signed that may still be filled, by offer id: which GPUs they promise. */
  offers: z.record(z.string(), issuedOffer),
})
export type AgentState = Omit<z.infer<typeof stateSchema>, 'rentals'> & {
  rentals: Record<string, RentalRecord>
}

/** Notes carry upstream messages (a registry's answer to a pull, …): bounded, as the market shows them. */
const MAX_NOTE = 480

/**
 * The agent's durable state: one JSON file, replaced atomically and synced to disk, so a crash
 * or power cut leaves either the old or the new state, never half of one.
 */
export class StateStore {
  readonly file: string
  state: AgentState

  constructor(
    readonly dataDir: string,
    startBlock: bigint,
  ) {
    // Owner-only, also when it existed before: jobs' specs and workspaces live under it.
    mkdirSync(dataDir, { recursive: true, mode: 0o700 })
    chmodSync(dataDir, 0o700)
    this.file = path.join(dataDir, 'state.json')
    this.state = this.load() ?? {
      version: 1,
      lastBlock: (startBlock > 0n ? startBlock - 1n : 0n).toString(),
      rentals: {},
      offers: {},
    }
  }

  private load(): AgentState | undefined {
    let text: string
    try {
      text = readFileSync(this.file, 'utf8')
    } catch {
      return undefined
    }
    const parsed = stateSchema.safeParse(JSON.parse(text))
    if (!parsed.success) throw new Error(`${this.file} is corrupt: ${z.prettifyError(parsed.error)}`)
    return parsed.data as AgentState
  }

  /** Owner-only (it holds every renter's job spec, environment included), atomic and durable. */
  save() {
    replaceFileDurably(this.file, JSON.stringify(this.state))
  }

  rental(id: bigint): RentalRecord | undefined {
    return this.state.rentals[id.toString()]
  }

  putRental(record: RentalRecord) {
    this.state.rentals[record.id] = record
    this.save()
  }

  /** Appends a status change to a rental's timeline and persists it. */
  transition(record: RentalRecord, status: RentalRecord['status'], note?: string, txHash?: Hex) {
    record.status = status
    const bounded = note && note.length > MAX_NOTE ? `${note.slice(0, MAX_NOTE - 1)}…` : note
    record.timeline.push({
      at: Date.now(),
      status,
      ...(bounded ? { note: bounded } : {}),
      ...(txHash ? { txHash } : {}),
    })
    this.putRental(record)
  }
}
