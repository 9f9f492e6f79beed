import { z } from 'zod'
import type { JobSpecDraft } from './job-spec-draft'

/**
 * What the rent panel keeps in sessionStorage so nothing typed is lost to a failed step or a
 * reload: the draft per offer (and the latest one, because providers re-sign their offers under
 * new ids every few minutes) and, once the rent is sent, its transaction, so a reload waits for it
 * instead of offering to pay twice. The job spec itself travels sealed in the rent transaction:
 * once that is sent, a closed tab loses nothing.
 */
export type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>

const draftSchema = z.object({
  draft: z.object({
    interactive: z.boolean().default(false),
    script: z.string(),
    image: z.string(),
    env: z.string(),
    sshPublicKey: z.string(),
    proxyPathPorts: z.string().default(''),
    // Drafts saved before the choice existed take its default.
    onExit: z.enum(['finish', 'keep']).default('finish'),
  }),
  hours: z.string(),
})
export type SavedDraft = z.infer<typeof draftSchema>

const pendingSchema = z.object({
  rentalId: z.string().regex(/^\d+$/),
  txHash: z.string().regex(/^0x[0-9a-fA-F]{64}$/),
  chainId: z.number().int().positive(),
  provider: z.string(),
  offerId: z.string(),
  deposit: z.string().regex(/^\d+$/),
  duration: z.number().int().positive(),
  stage: z.enum(['sent', 'mined']),
})
/** A rent sent from this tab: its transaction, and whether it is mined yet. */
export type PendingRental = z.infer<typeof pendingSchema>

const LATEST = 'weft:job-draft:latest'
const draftKey = (offerId: string) => `weft:job-draft:${offerId.toLowerCase()}`
const pendingKey = (offerId: string) => `weft:rental:${offerId.toLowerCase()}`

function read<T>(storage: StorageLike | undefined, key: string, schema: z.ZodType<T>): T | undefined {
  try {
    const text = storage?.getItem(key)
    if (!text) return undefined
    const parsed = schema.safeParse(JSON.parse(text))
    return parsed.success ? parsed.data : undefined
  } catch {
    return undefined // unreadable or blocked storage: start afresh rather than fail the page
  }
}

function write(storage: StorageLike | undefined, key: string, value: unknown): void {
  try {
    storage?.setItem(key, JSON.stringify(value))
  } catch {
    // Full or blocked storage (private mode): the page still works, it just forgets on reload.
  }
}

/** The draft typed for this offer, else the latest typed for any offer, else undefined. */
export function loadDraft(storage: StorageLike | undefined, offerId: string): SavedDraft | undefined {
  return read(storage, draftKey(offerId), draftSchema) ?? read(storage, LATEST, draftSchema)
}

export function saveDraft(
  storage: StorageLike | undefined,
  offerId: string,
  draft: JobSpecDraft,
  hours: string,
): void {
  const value: SavedDraft = { draft, hours }
  write(storage, draftKey(offerId), value)
  write(storage, LATEST, value)
}

export function loadPending(storage: StorageLike | undefined, offerId: string): PendingRental | undefined {
  return read(storage, pendingKey(offerId), pendingSchema)
}

export function savePending(storage: StorageLike | undefined, pending: PendingRental): void {
  write(storage, pendingKey(pending.offerId), pending)
}

export function clearPending(storage: StorageLike | undefined, offerId: string): void {
  try {
    storage?.removeItem(pendingKey(offerId))
  } catch {
    // nothing to clear when storage is blocked
  }
}

/** sessionStorage where the browser allows it (not during server rendering, not when blocked). */
export function sessionStore(): StorageLike | undefined {
  try {
    return typeof window === 'undefined' ? undefined : window.sessionStorage
  } catch {
    return undefined
  }
}
