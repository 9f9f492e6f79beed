import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { drizzle } from 'drizzle-orm/pglite'
import { migrate } from 'drizzle-orm/pglite/migrator'
import { afterAll, describe, expect, it } from 'vitest'
import { chainCursors, credits, marketEvents, offers, rentals } from './schema'

const migrations = path.resolve(import.meta.dirname, 'migrations')
const journal = JSON.parse(readFileSync(path.join(migrations, 'meta/_journal.json'), 'utf8')) as {
  entries: { idx: number; tag: string }[]
}

/** A copy of the migrations folder holding only the first `count` migrations: a store as it was. */
function migrationsUpTo(count: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'weft-migrations-'))
  mkdirSync(path.join(dir, 'meta'))
  const entries = journal.entries.slice(0, count)
  for (const { tag } of entries) cpSync(path.join(migrations, `${tag}.sql`), path.join(dir, `${tag}.sql`))
  writeFileSync(path.join(dir, 'meta/_journal.json'), JSON.stringify({ ...journal, entries }))
  return dir
}

describe('migrations', () => {
  const dirs: string[] = []
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  })

  it('upgrades a store holding offers from before resources were signed', async () => {
    const before = journal.entries.findIndex((e) => e.tag === '0002_offer_resources')
    expect(before).toBeGreaterThan(0)
    const old = migrationsUpTo(before)
    dirs.push(old)
    const client = new PGlite()
    try {
      const db = drizzle(client)
      await migrate(db, { migrationsFolder: old })
      await client.query(`insert into offers (provider, offer_id, gpu_model, gpu_name, gpu_count, vram_mib,
        token, price_per_hour, price_per_hour_usd, price_per_gpu_hour_usd, min_duration, max_duration,
        expires_at, region, signature, stake_usd, seen_at)
        values ('0x01', '0x02', 'H100-SXM-80GB', 'H100', 1, 81920, '0x03', 2400000, 2.4, 2.4, 60, 3600,
        now() + interval '1 hour', 'EU-Central', '0x04', 100, now())`)
      // The new columns cannot be filled for an old row: without the delete this would fail.
      await migrate(db, { migrationsFolder: migrations })
      expect(await db.select().from(offers)).toEqual([])
      const columns = await client.query<{ column_name: string }>(
        `select column_name from information_schema.columns where table_name = 'offers'`,
      )
      expect(columns.rows.map((c) => c.column_name)).toEqual(
        expect.arrayContaining(['cpus', 'memory_mib', 'disk_mib', 'network_mbps', 'resources_signature']),
      )
    } finally {
      await client.close()
    }
    // PGlite starts in seconds on a busy machine.
  }, 60_000)

  it('upgrades a store holding offers signed before access and isolation were', async () => {
    const before = journal.entries.findIndex((e) => e.tag === '0004_offer_access')
    expect(before).toBeGreaterThan(0)
    const old = migrationsUpTo(before)
    dirs.push(old)
    const client = new PGlite()
    try {
      const db = drizzle(client)
      await migrate(db, { migrationsFolder: old })
      await client.query(`insert into offers (provider, offer_id, gpu_model, gpu_name, gpu_count, vram_mib,
        cpus, memory_mib, disk_mib, network_mbps, resources_signature, token, price_per_hour,
        price_per_hour_usd, price_per_gpu_hour_usd, min_duration, max_duration, expires_at, region,
        signature, stake_usd, seen_at)
        values ('0x01', '0x02', 'H100-SXM-80GB', 'H100', 1, 81920, 16, 131072, 512000, 0, '0x05', '0x03',
        2400000, 2.4, 2.4, 60, 3600, now() + interval '1 hour', 'EU-Central', '0x04', 100, now())`)
      // Its resources signature covers the older struct, and its access is unknown: the row goes.
      await migrate(db, { migrationsFolder: migrations })
      expect(await db.select().from(offers)).toEqual([])
      const columns = await client.query<{ column_name: string }>(
        `select column_name from information_schema.columns where table_name = 'offers'`,
      )
      expect(columns.rows.map((c) => c.column_name)).toEqual(expect.arrayContaining(['access', 'isolation']))
    } finally {
      await client.close()
    }
  }, 60_000)

  it('starts the index over for escrow v2: rentals, events and the cursor of the old market go', async () => {
    const before = journal.entries.findIndex((e) => e.tag === '0003_escrow_v2')
    expect(before).toBeGreaterThan(0)
    const old = migrationsUpTo(before)
    dirs.push(old)
    const client = new PGlite()
    try {
      const db = drizzle(client)
      await migrate(db, { migrationsFolder: old })
      await client.query(`insert into rentals (id, renter, provider, offer_id, token, price_per_hour, duration,
        max_duration, deposit, job_spec_hash, gpu_model, gpu_count, vram_mib, status, created_at,
        rented_tx, rented_block, updated_block)
        values (1, '0x01', '0x02', '0x03', '0x04', 3600, 3600, 7200, 3600, '0x05', 'H100', 1, 81920,
        'pending', now(), '0x06', 7, 7)`)
      await client.query(`insert into market_events (block_number, log_index, block_hash, tx_hash, name,
        rental_id, args) values (7, 0, '0x07', '0x06', 'Rented', 1, '{"deposit": "3600"}')`)
      await client.query(`insert into chain_cursors (name, block_number, block_hash, updated_at)
        values ('market', 7, '0x07', now())`)
      // The new NOT NULL column cannot be filled for an old row: without the truncate this would fail.
      await migrate(db, { migrationsFolder: migrations })
      expect(await db.select().from(rentals)).toEqual([])
      expect(await db.select().from(marketEvents)).toEqual([])
      expect(await db.select().from(chainCursors)).toEqual([])
      expect(await db.select().from(credits)).toEqual([])
    } finally {
      await client.close()
    }
  }, 60_000)
})
