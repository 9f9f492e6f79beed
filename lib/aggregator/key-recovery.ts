import { createRequire } from 'node:module'
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { recover } from 'tiny-secp256k1'
import { CpuQueue } from './cpu-queue'

/** One ECDSA public-key recovery: a 32-byte digest, the signature's 64-byte r‖s, and v − 27. */
export type RecoveryJob = { digest: Uint8Array; rs: Uint8Array; recoveryId: 0 | 1 }

const [DIGEST, RS, KEY] = [32, 64, 64]
/** Jobs handed over at once: small enough that one provider's 500 offers do not hold up the rest. */
const CHUNK = 32

/** The 64-byte public key (x‖y) behind a signature, or undefined where there is none. */
export function recoverKey({ digest, rs, recoveryId }: RecoveryJob): Uint8Array | undefined {
  try {
    return recover(digest, rs, recoveryId, false)?.subarray(1) ?? undefined
  } catch {
    return undefined // r or s zero or past n, or r no point's x
  }
}

// The worker is a script of its own (so no bundler has to find a file for it): it recovers the
// keys of a packed batch with the same library, and answers with them packed.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const secp = require(workerData.module)
parentPort.on('message', ({ id, count, packed }) => {
  const input = new Uint8Array(packed)
  const keys = new Uint8Array(count * ${KEY})
  const found = new Uint8Array(count)
  for (let i = 0; i < count; i++) {
    const at = i * ${DIGEST + RS + 1}
    try {
      const key = secp.recover(input.subarray(at, at + ${DIGEST}), input.subarray(at + ${DIGEST}, at + ${DIGEST + RS}),
        input[at + ${DIGEST + RS}], false)
      if (key) { keys.set(key.subarray(1), i * ${KEY}); found[i] = 1 }
    } catch {}
  }
  parentPort.postMessage({ id, keys, found }, [keys.buffer, found.buffer])
})`

/**
 * The library's file, for the worker to require. A bundler may turn the lookup into a module id
 * (Next's server build does): then the name, which the worker finds from the working directory.
 */
function modulePath(): string {
  try {
    const found: unknown = createRequire(import.meta.url).resolve('tiny-secp256k1')
    if (typeof found === 'string') return found
  } catch {
    // not found from here
  }
  return 'tiny-secp256k1'
}

type Batch = { jobs: readonly RecoveryJob[]; resolve: (keys: (Uint8Array | undefined)[]) => void }
type Helper = { worker: Worker; pending: Map<number, Batch> }

/**
 * Public-key recovery for the poller's signature checks, in worker threads so a cold poll's
 * thousands of recoveries run beside the event loop, not on it: jobs go in chunks to the least
 * busy worker. Without workers (`workers: 0`, or when one fails to start or dies) the jobs run in
 * this thread through `queue`, the same queue the caller's other CPU work goes through. Idle
 * workers do not keep the process alive; `close` ends them.
 */
export class KeyRecovery {
  readonly queue: CpuQueue
  private readonly size: number
  private readonly module: string
  private helpers: Helper[] | undefined
  private nextId = 0
  private broken = false

  /** `module`: where the workers load tiny-secp256k1 from (found from here by default). */
  constructor(options: { workers?: number; queue?: CpuQueue; module?: string } = {}) {
    this.queue = options.queue ?? new CpuQueue()
    this.size = options.workers ?? Math.max(1, Math.min(4, availableParallelism() - 1))
    this.module = options.module ?? modulePath()
  }

  /** Whether recoveries go to worker threads (false without workers, or once one failed). */
  get inWorkers(): boolean {
    return this.size > 0 && !this.broken
  }

  /** The key behind each job, in order (undefined where there is none). */
  async recover(jobs: readonly RecoveryJob[]): Promise<(Uint8Array | undefined)[]> {
    const chunks: RecoveryJob[][] = []
    for (let i = 0; i < jobs.length; i += CHUNK) chunks.push(jobs.slice(i, i + CHUNK))
    return (await Promise.all(chunks.map((chunk) => this.recoverChunk(chunk)))).flat()
  }

  async close(): Promise<void> {
    const helpers = this.helpers ?? []
    this.helpers = []
    this.broken = true
    for (const helper of helpers) this.failPending(helper)
    await Promise.all(helpers.map(({ worker }) => worker.terminate()))
  }

  private recoverChunk(jobs: readonly RecoveryJob[]): Promise<(Uint8Array | undefined)[]> {
    const helper = this.pickHelper()
    if (!helper) return this.queue.run(() => jobs.map(recoverKey))
    const packed = new Uint8Array(jobs.length * (DIGEST + RS + 1))
    for (const [i, job] of jobs.entries()) {
      const at = i * (DIGEST + RS + 1)
      packed.set(job.digest, at)
      packed.set(job.rs, at + DIGEST)
      packed[at + DIGEST + RS] = job.recoveryId
    }
    const id = this.nextId++
    return new Promise((resolve) => {
      helper.pending.set(id, { jobs, resolve })
      helper.worker.ref()
      helper.worker.postMessage({ id, count: jobs.length, packed: packed.buffer }, [packed.buffer])
    })
  }

  private pickHelper(): Helper | undefined {
    if (this.broken || this.size < 1) return undefined
    this.helpers ??= Array.from({ length: this.size }, () => this.startHelper())
    let best: Helper | undefined
    for (const helper of this.helpers) if (!best || helper.pending.size < best.pending.size) best = helper
    return best
  }

  private startHelper(): Helper {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { module: this.module } })
    const helper: Helper = { worker, pending: new Map() }
    worker.unref()
    worker.on('message', ({ id, keys, found }: { id: number; keys: Uint8Array; found: Uint8Array }) => {
      const batch = helper.pending.get(id)
      helper.pending.delete(id)
      if (helper.pending.size === 0) worker.unref()
      batch?.resolve(Array.from(found, (ok, i) => (ok ? keys.subarray(i * KEY, (i + 1) * KEY) : undefined)))
    })
    // A worker that cannot load the library, or dies, leaves the work to this thread from then on.
    const fail = (error?: unknown) => {
      if (!this.broken && error instanceof Error)
        console.warn(`signature workers failed (${error.message}): checking signatures in the main thread`)
      this.broken = true
      this.failPending(helper)
    }
    worker.on('error', fail)
    worker.on('exit', () => fail())
    return helper
  }

  private failPending(helper: Helper): void {
    const batches = [...helper.pending.values()]
    helper.pending.clear()
    for (const { jobs, resolve } of batches) void this.queue.run(() => jobs.map(recoverKey)).then(resolve)
  }
}
