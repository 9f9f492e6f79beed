import postgres, { type Sql } from 'postgres'
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
/** Past this without an answer, the lease counts as not held; the next `acquire` starts afresh. */
const QUERY_TIMEOUT_MS = 3000

function withDeadline<T>(query: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from PostgreSQL in ${ms} ms`)), ms)
  })
  // A query that settles after the deadline must not surface as an unhandled rejection.
  query.catch(() => undefined)
  return Promise.race([query, deadline]).finally(() => clearTimeout(timer))
}

/**
 * PostgreSQL: a session advisory lock, held on a connection of the lease's own (never one of the
 * store's pool, so a connection the server killed is thrown away rather than handed back to other
 * queries). If the connection drops, so does the lock, and any instance may take it; this one
 * notices at its next `acquire`, on a new connection.
 */
function advisoryLease(url: string): PollLease {
  let client: Sql | undefined
  const drop = () => {
    void client?.end({ timeout: 0 }).catch(() => undefined)
    client = undefined
  }
  return {
    async acquire() {
      try {
        client ??= postgres(url, { max: 1, onnotice: () => undefined })
        const [row] = await withDeadline(client.unsafe(HOLD), QUERY_TIMEOUT_MS)
        const held = row?.held === true
        if (!held) drop()
        return held
      } catch {
        drop()
        return false
      }
    },
    async release() {
      if (!client) return
      try {
        await withDeadline(client.unsafe(UNLOCK), QUERY_TIMEOUT_MS)
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
export function createPollLease(store: { db: Database; kind: DatabaseKind; url?: string }): PollLease {
  if (store.kind === 'pglite') return processLease(store.db)
  if (!store.url) throw new Error('the PostgreSQL store has no URL to open the poll lease’s connection with')
  return advisoryLease(store.url)
}
