import type { AcceptConnection, RejectConnection, ServerChannel, TcpipRequestInfo } from 'ssh2'
import type { JobAccess } from '../jobs/job-exec'
import { spawnOnPipes } from './job-process'

/** Where a local forward (`ssh -L`) may lead: the job's own loopback, nowhere else. */
const JOB_LOOPBACK = new Set(['127.0.0.1', 'localhost'])
const CONNECT_TIMEOUT_MS = 10_000

/**
 * A `direct-tcpip` channel: accepted only for a port on the job's loopback, and only once a relay
 * inside the job's network namespace has connected to it; refused otherwise, with no reason given.
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
  const plan = await target.runner.relay(target.jobDir, port).catch(() => undefined)
  if (!plan) return reject()
  const { child: relay, kill } = spawnOnPipes(plan)
  let channel: ServerChannel | undefined
  let refused = false
  const refuse = () => {
    if (channel || refused) return
    refused = true
    reject()
  }
  const timer = setTimeout(() => {
    kill()
    refuse()
  }, CONNECT_TIMEOUT_MS)
  let said = ''
  relay.stderr.on('data', (chunk: Buffer) => {
    if (channel || refused) return
    said += chunk.toString('utf8')
    if (!said.includes('connected\n')) return
    clearTimeout(timer)
    channel = accept()
    channel.pipe(relay.stdin)
    relay.stdout.pipe(channel)
    channel.once('close', kill)
  })
  relay.once('error', () => {
    clearTimeout(timer)
    refuse()
  })
  relay.once('close', () => {
    clearTimeout(timer)
    if (channel) channel.end()
    else refuse()
  })
}
