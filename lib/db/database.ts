import { mkdirSync } from 'node:fs'
import path from 'node:path'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import * as schema from './schema'

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>
export type DatabaseKind = 'pglite' | 'postgres'
export type OpenDatabase = {
  db: Database
  kind: DatabaseKind
  /** PostgreSQL's connection URL, for what needs a connection of its own (the poll lease). */
  url?: string
  close(): Promise<void>
}

const migrationsFolder = path.resolve(process.cwd(), 'lib/db/migrations')

/**
 * Opens the store and applies the migrations: PostgreSQL when `url` is given (at scale), else an
 * embedded PGlite under `dataDir` (or in memory without one). Same schema, same queries.
 */
export async function openDatabase(options: {
  url?: string
  dataDir?: string
  maxConnections?: number
}): Promise<OpenDatabase> {
  if (options.url) {
    const { default: postgres } = await import('postgres')
    const { drizzle } = await import('drizzle-orm/postgres-js')
    const { migrate } = await import('drizzle-orm/postgres-js/migrator')
    const client = postgres(options.url, { max: options.maxConnections ?? 10, onnotice: () => undefined })
    const db = drizzle(client, { schema })
    await migrate(db, { migrationsFolder })
    return { db, kind: 'postgres', url: options.url, close: () => client.end({ timeout: 5 }) }
  }
  const { PGlite } = await import('@electric-sql/pglite')
  const { drizzle } = await import('drizzle-orm/pglite')
  const { migrate } = await import('drizzle-orm/pglite/migrator')
  // PGlite does not create its folder, and two processes on one folder lose writes silently:
  // exactly one process (the app server) opens it.
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true })
  const client = new PGlite(options.dataDir)
  const db = drizzle(client, { schema })
  await migrate(db, { migrationsFolder })
  return { db, kind: 'pglite', close: () => client.close() }
}
