import { Duplex } from 'node:stream'
import type { JobAccess } from '../jobs/job-exec'
import { spawnOnPipes } from './job-process'

const CONNECT_TIMEOUT_MS = 10_000

/** A connection to a port on a job's own loopback; `close` ends the relay and its process. */
export type JobConnection = { stream: Duplex; close(): void }

/**
 * Connects to `127.0.0.1:<port>` as the job sees it, through the runner's relay (a process in the
 * job's network namespace): never to an address of the host. Resolves once connected; undefined
 * when the job is not running, nothing listens there, or it takes longer than 10 s.
 */
export async function connectToJob(
  runner: JobAccess,
  jobDir: string,
  port: number,
): Promise<JobConnection | undefined> {
  if (!Number.isInteger(port) || port < 1 || port > 65_535) return undefined
  const plan = await runner.relay(jobDir, port).catch(() => undefined)
  if (!plan) return undefined
  const { child, kill } = spawnOnPipes(plan)
  return new Promise((resolve) => {
    let said = ''
    let settled = false
    const settle = (value: JobConnection | undefined) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      if (!value) kill()
      resolve(value)
    }
    const timer = setTimeout(() => settle(undefined), CONNECT_TIMEOUT_MS)
    child.stderr.on('data', (chunk: Buffer) => {
      if (settled) return
      said += chunk.toString('utf8')
      if (!said.includes('connected\n')) return
      const stream = Duplex.from({ readable: child.stdout, writable: child.stdin })
      stream.on('error', () => undefined)
      child.once('close', () => stream.destroy())
      settle({
        stream,
        close: () => {
          kill()
          stream.destroy()
        },
      })
    })
    child.once('error', () => settle(undefined))
    child.once('close', () => settle(undefined))
  })
}
