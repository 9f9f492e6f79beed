import type { AcceptConnection, RejectConnection, ServerChannel, TcpipRequestInfo } from 'ssh2'
import type { JobAccess } from '../jobs/job-exec'
import { connectToJob } from './job-relay'

/** Where a local forward (`ssh -L`) may lead: the job's own loopback, nowhere else. */
const JOB_LOOPBACK = new Set(['127.0.0.1', 'localhost'])

/**
 * A `direct-tcpip` channel: accepted only for a port on the job's loopback, and only once the
 * job's dialer (inside its network namespace) has connected to it; refused otherwise, with no
 * reason given.
 */
export async function serveForward(
  accept: AcceptConnection<ServerChannel>,
  reject: RejectConnection,
  info: TcpipRequestInfo,
  target: { jobDir: string; runner: JobAccess; allowed(): boolean },
): Promise<void> {
  const port = info.destPort
  if (!JOB_LOOPBACK.has(info.destIP) || !Number.isInteger(port) || port < 1 || port > 65_535) return reject()
  if (!target.allowed()) return reject()
  const connection = await connectToJob(target.runner, target.jobDir, port)
  if (!connection) return reject()
  if (!target.allowed()) {
    connection.close()
    return reject()
  }
  const channel = accept()
  channel.pipe(connection.stream).pipe(channel)
  channel.once('close', () => connection.close())
  connection.stream.once('close', () => channel.end())
}
