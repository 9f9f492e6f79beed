import type { ReservedSql, Sql } from 'postgres'
import type { Database, DatabaseKind } from '@/lib/db/database'

/** Who may poll providers: one app instance at a time, however many serve. */
export type PollLease = {
  /** True while this instance holds the lease, taking it when it is free: ask before every poll. */
  acquire(): Promise<boolean>
  /** Gives the lease up (another instance takes it at its next try). */
  release(): Promise<void>
}

// The advisory lock key: two int4s, 'Weft' and the aggregator's number.
const LOCK_CLASS = 0x57656674
const LOCK_OBJECT = 1
// Asking again is harmless: a lock this session already holds is not taken twice (advisory locks
// nest), and a session that lost its connection (and so its lock) takes it anew if it is free.
const HOLD = `select case when exists (
    select 1 from pg_locks where locktype = 'advisory' and granted and pid = pg_backend_pid()
      and classid = ${LOCK_CLASS} and objid = ${LOCK_OBJECT} and objsubid = 2
  ) then true else pg_try_advisory_lock(${LOCK_CLASS}, ${LOCK_OBJECT}) end as held`
const UNLOCK = `select pg_advisory_unlock(${LOCK_CLASS}, ${LOCK_OBJECT})`

function isPostgresClient(value: unknown): value is Sql {
  return typeof value === 'function' && typeof Reflect.get(value, 'reserve') === 'function'
}

/**
 * PostgreSQL: a session advisory lock held on one connection reserved from the store's pool for
 * as long as the lease is held. If the connection drops, so does the lock, and any instance may
 * take it; this one notices at its next `acquire`.
 */
function advisoryLease(db: Database): PollLease {
  const client: unknown = Reflect.get(db, '$client')
  if (!isPostgresClient(client))
    throw new Error('the PostgreSQL store has no postgres.js client to lock with')
  let session: ReservedSql | undefined
  const drop = () => {
    session?.release()
    session = undefined
  }
  return {
    async acquire() {
      try {
        session ??= await client.reserve()
        const [row] = await session.unsafe(HOLD)
        const held = row?.held === true
        if (!held) drop()
        return held
      } catch {
        drop()
        return false
      }
    },
    async release() {
      if (!session) return
      try {
        await session.unsafe(UNLOCK)
      } catch {
        // the connection is gone, and the lock with it
      } finally {
        drop()
      }
    },
  }
}

const holders = new WeakMap<object, symbol>()

/**
 * PGlite: exactly one process opens the database, so the lease only has to keep two loops in
 * this process (a hot reload, a second start) from polling the same store at once.
 */
function processLease(db: Database): PollLease {
  const me = Symbol('poll lease')
  return {
    async acquire() {
      const holder = holders.get(db)
      if (holder !== undefined && holder !== me) return false
      holders.set(db, me)
      return true
    },
    async release() {
      if (holders.get(db) === me) holders.delete(db)
    },
  }
}

/** The lease for `store`: an advisory lock on PostgreSQL, an in-process one on PGlite. */
export function createPollLease(store: { db: Database; kind: DatabaseKind }): PollLease {
  return store.kind === 'postgres' ? advisoryLease(store.db) : processLease(store.db)
}
