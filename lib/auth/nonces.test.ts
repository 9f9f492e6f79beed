import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { OpenDatabase } from '@/lib/db/database'
import { authNonces } from '@/lib/db/schema'
import { openTestStore, STORE_KINDS } from '@/test-support/db/test-stores'
import { consumeNonce, issueNonce, NONCE_TTL_MS } from './nonces'
import { newToken } from './session-cookie'

describe.each(STORE_KINDS)('nonces on %s', (kind) => {
  let store: OpenDatabase
  beforeAll(async () => {
    store = await openTestStore(kind)
  }, 60_000)
  afterAll(() => store?.close())

  it('issues unguessable EIP-4361 nonces that expire after ten minutes', async () => {
    const visitor = newToken()
    const now = new Date()
    const nonces = await Promise.all(Array.from({ length: 20 }, () => issueNonce(store.db, visitor, now)))
    expect(new Set(nonces).size).toBe(20)
    for (const nonce of nonces) expect(nonce).toMatch(/^[0-9a-f]{32}$/)
    const [row] = await store.db
      .select()
      .from(authNonces)
      .where(eq(authNonces.nonce, nonces[0] ?? ''))
    expect(row?.expiresAt.getTime()).toBe(now.getTime() + NONCE_TTL_MS)
    expect(row?.visitor).toBe(visitor)
  })

  it('lets exactly one of many concurrent attempts consume a nonce; the rest see a replay', async () => {
    const visitor = newToken()
    const nonce = await issueNonce(store.db, visitor)
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, () => consumeNonce(store.db, nonce, visitor)),
    )
    expect(outcomes.filter((o) => o === undefined)).toHaveLength(1)
    expect(outcomes.filter((o) => o === 'nonce_replayed')).toHaveLength(11)
  })

  it('refuses a nonce never issued', async () => {
    expect(await consumeNonce(store.db, 'abcdef0123456789', newToken())).toBe('nonce_unknown')
  })

  it('refuses another visitor’s nonce and burns it, so its owner cannot use it either', async () => {
    const owner = newToken()
    const nonce = await issueNonce(store.db, owner)
    expect(await consumeNonce(store.db, nonce, newToken())).toBe('nonce_other_visitor')
    expect(await consumeNonce(store.db, nonce, owner)).toBe('nonce_replayed')
  })

  it('refuses a nonce presented without any visitor cookie, and burns it', async () => {
    const owner = newToken()
    const nonce = await issueNonce(store.db, owner)
    expect(await consumeNonce(store.db, nonce, undefined)).toBe('nonce_other_visitor')
    expect(await consumeNonce(store.db, nonce, owner)).toBe('nonce_replayed')
  })

  it('refuses a nonce older than its TTL, and burns it', async () => {
    const visitor = newToken()
    const nonce = await issueNonce(store.db, visitor, new Date(Date.now() - NONCE_TTL_MS - 1000))
    expect(await consumeNonce(store.db, nonce, visitor)).toBe('nonce_expired')
    const [row] = await store.db.select().from(authNonces).where(eq(authNonces.nonce, nonce))
    expect(row?.consumedAt).toBeInstanceOf(Date)
  })

  it('prunes expired nonces when issuing, keeping live ones', async () => {
    const visitor = newToken()
    const old = await issueNonce(store.db, visitor, new Date(Date.now() - 2 * NONCE_TTL_MS))
    const live = await issueNonce(store.db, visitor)
    const rows = await store.db.select({ nonce: authNonces.nonce }).from(authNonces)
    expect(rows.map((r) => r.nonce)).not.toContain(old)
    expect(rows.map((r) => r.nonce)).toContain(live)
  })
})
