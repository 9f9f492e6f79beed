import { createRequire } from 'node:module'
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { recover } from 'tiny-secp256k1'
import { keccak256 } from 'viem'
import { CpuQueue } from './cpu-queue'
import { typedDataDigest } from './offer-digest'

/**
 * One EIP-712 signature to check: the domain separator and the encoded struct (so the digest is
 * `typedDataDigest(separator, struct)`), and the signature's r‖s and v − 27 when it is one that
 * can recover a key (see `recoveryParts`); without them only the digest is computed.
 */
export type SignatureJob = {
  separator: Uint8Array
  struct: Uint8Array
  signature?: { rs: Uint8Array; recoveryId: 0 | 1 }
}

/** The digest that was signed, and the address of the key that signed it, where one recovers. */
export type SignatureFinding = { digest: Uint8Array; signer?: Uint8Array }

/** A job done in this thread. */
export function checkJob({ separator, struct, signature }: SignatureJob): SignatureFinding {
  const digest = typedDataDigest(separator, struct)
  if (!signature) return { digest }
  let key: Uint8Array | null = null
  try {
    key = recover(digest, signature.rs, signature.recoveryId, false)
  } catch {
    // r or s zero or past n, or r no point's x: no key
  }
  return key ? { digest, signer: keccak256(key.subarray(1), 'bytes').subarray(12) } : { digest }
}

const NO_SIGNATURE = 2
/** A packed job: separator, r‖s, recovery id (2: none), struct length (2 bytes), struct. */
const HEAD = 32 + 64 + 1 + 2
/** A packed finding: digest, signer, whether a signer was found. */
const FOUND = 32 + 20 + 1
/** Jobs handed over at once: small enough that one provider's 500 offers do not hold up the rest. */
const CHUNK = 32

// The worker is a script of its own (so no bundler has to find a file for it): it does a packed
// batch of jobs with the same libraries and answers with the findings packed.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const secp = require(workerData.secp256k1)
const { keccak_256 } = require(workerData.sha3)
parentPort.on('message', ({ id, count, packed }) => {
  const input = new Uint8Array(packed)
  const out = new Uint8Array(count * ${FOUND})
  for (let i = 0, at = 0; i < count; i++) {
    const length = (input[at + 97] << 8) | input[at + 98]
    const prefixed = new Uint8Array(66)
    prefixed.set([0x19, 0x01])
    prefixed.set(input.subarray(at, at + 32), 2)
    prefixed.set(keccak_256(input.subarray(at + ${HEAD}, at + ${HEAD} + length)), 34)
    const digest = keccak_256(prefixed)
    out.set(digest, i * ${FOUND})
    if (input[at + 96] !== ${NO_SIGNATURE}) {
      try {
        const key = secp.recover(digest, input.subarray(at + 32, at + 96), input[at + 96], false)
        if (key) {
          out.set(keccak_256(key.subarray(1)).subarray(12), i * ${FOUND} + 32)
          out[i * ${FOUND} + 52] = 1
        }
      } catch {}
    }
    at += ${HEAD} + length
  }
  parentPort.postMessage({ id, out }, [out.buffer])
})`

function pack(jobs: readonly SignatureJob[]): ArrayBuffer {
  const buffer = new ArrayBuffer(jobs.reduce((n, job) => n + HEAD + job.struct.length, 0))
  const packed = new Uint8Array(buffer)
  let at = 0
  for (const { separator, struct, signature } of jobs) {
    if (struct.length > 0xffff) throw new Error(`an encoded struct of ${struct.length} bytes is too long`)
    packed.set(separator, at)
    if (signature) packed.set(signature.rs, at + 32)
    packed[at + 96] = signature?.recoveryId ?? NO_SIGNATURE
    packed[at + 97] = struct.length >> 8
    packed[at + 98] = struct.length & 0xff
    packed.set(struct, at + HEAD)
    at += HEAD + struct.length
  }
  return buffer
}

function unpack(out: Uint8Array, count: number): SignatureFinding[] {
  return Array.from({ length: count }, (_, i) => {
    const at = i * FOUND
    const digest = out.subarray(at, at + 32)
    return out[at + 52] ? { digest, signer: out.subarray(at + 32, at + 52) } : { digest }
  })
}

/**
 * A library's file, for the workers to require. A bundler may turn the lookup into a module id
 * (Next's server build does): then the name, which the worker finds from the working directory.
 */
function modulePath(name: string): string {
  try {
    const found: unknown = createRequire(import.meta.url).resolve(name)
    if (typeof found === 'string') return found
  } catch {
    // not found from here
  }
  return name
}

type Batch = { jobs: readonly SignatureJob[]; resolve: (findings: SignatureFinding[]) => void }
type Helper = { worker: Worker; pending: Map<number, Batch> }

/**
 * The poller's signature checks, digest and key recovery, in worker threads so a cold poll's
 * thousands of them run beside the event loop, not on it: jobs go in chunks to the least busy
 * worker. Without workers (`workers: 0`, or once one fails to start or dies) the jobs run in this
 * thread through `queue`, in time slices. Idle workers do not keep the process alive; `close`
 * ends them.
 */
export class SignerRecovery {
  readonly queue: CpuQueue
  private readonly size: number
  private readonly modules: { secp256k1: string; sha3: string }
  private helpers: Helper[] | undefined
  private nextId = 0
  private broken = false

  /** `modules`: where the workers load tiny-secp256k1 and @noble/hashes/sha3 (found from here by default). */
  constructor(
    options: { workers?: number; queue?: CpuQueue; modules?: { secp256k1: string; sha3: string } } = {},
  ) {
    this.queue = options.queue ?? new CpuQueue()
    this.size = options.workers ?? Math.max(1, Math.min(4, availableParallelism() - 1))
    this.modules = options.modules ?? {
      secp256k1: modulePath('tiny-secp256k1'),
      sha3: modulePath('@noble/hashes/sha3'),
    }
  }

  /** Whether jobs go to worker threads (false without workers, or once one failed). */
  get inWorkers(): boolean {
    return this.size > 0 && !this.broken
  }

  /** Each job's finding, in order. */
  async check(jobs: readonly SignatureJob[]): Promise<SignatureFinding[]> {
    const chunks: SignatureJob[][] = []
    for (let i = 0; i < jobs.length; i += CHUNK) chunks.push(jobs.slice(i, i + CHUNK))
    return (await Promise.all(chunks.map((chunk) => this.checkChunk(chunk)))).flat()
  }

  async close(): Promise<void> {
    const helpers = this.helpers ?? []
    this.helpers = []
    this.broken = true
    for (const helper of helpers) this.failPending(helper)
    await Promise.all(helpers.map(({ worker }) => worker.terminate()))
  }

  private checkChunk(jobs: readonly SignatureJob[]): Promise<SignatureFinding[]> {
    const helper = this.pickHelper()
    if (!helper) return this.queue.run(() => jobs.map(checkJob))
    const packed = pack(jobs)
    const id = this.nextId++
    return new Promise((resolve) => {
      helper.pending.set(id, { jobs, resolve })
      helper.worker.ref()
      helper.worker.postMessage({ id, count: jobs.length, packed }, [packed])
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
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: this.modules })
    const helper: Helper = { worker, pending: new Map() }
    worker.unref()
    worker.on('message', ({ id, out }: { id: number; out: Uint8Array }) => {
      const batch = helper.pending.get(id)
      helper.pending.delete(id)
      if (helper.pending.size === 0) worker.unref()
      batch?.resolve(unpack(out, batch.jobs.length))
    })
    // A worker that cannot load the libraries, or dies, leaves the work to this thread from then on.
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
    for (const { jobs, resolve } of batches) void this.queue.run(() => jobs.map(checkJob)).then(resolve)
  }
}
