import { randomBytes } from 'node:crypto'
import postgres from 'postgres'
import { type DatabaseKind, type OpenDatabase, openDatabase } from '@/lib/db/database'

/** The PostgreSQL server the development machines and CI run (trust auth). */
export const TEST_POSTGRES_URL = process.env.WEFT_TEST_POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432/test'

export const STORE_KINDS: DatabaseKind[] = ['pglite', 'postgres']

/**
 * A fresh, migrated store of `kind` for one test file: in-memory PGlite, or a new database on the
 * test PostgreSQL server that is dropped on close.
 */
export async function openTestStore(kind: DatabaseKind): Promise<OpenDatabase & { url?: string }> {
  if (kind === 'pglite') return openDatabase({})
  const name = `weft_test_${randomBytes(6).toString('hex')}`
  const admin = postgres(TEST_POSTGRES_URL, { max: 1, onnotice: () => undefined })
  await admin.unsafe(`CREATE DATABASE ${name}`)
  const url = new URL(TEST_POSTGRES_URL)
  url.pathname = `/${name}`
  const store = await openDatabase({ url: url.toString(), maxConnections: 5 })
  return {
    ...store,
    url: url.toString(),
    async close() {
      await store.close()
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await admin.end({ timeout: 5 })
    },
  }
}
