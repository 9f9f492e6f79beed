import type { Duplex } from 'node:stream'
import type { JobAccess } from '../jobs/job-exec'
import { dialJob } from './job-dialer'

/** A connection to a port on a job's own loopback; `close` ends it. */
export type JobConnection = { stream: Duplex; close(): void }

/**
 * Connects to `127.0.0.1:<port>` as the job sees it, through the job's dialer (a process in the
 * job's network namespace, job-dialer.ts): never to an address of the host. Resolves once
 * connected; undefined when the job is not running, nothing listens there, or it takes over 10 s.
 */
export async function connectToJob(
  runner: JobAccess,
  jobDir: string,
  port: number,
): Promise<JobConnection | undefined> {
  const socket = await dialJob(runner, jobDir, port)
  if (!socket) return undefined
  socket.on('error', () => undefined)
  return { stream: socket, close: () => socket.destroy() }
}
