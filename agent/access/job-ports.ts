import type { JobAccess } from '../jobs/job-exec'
import { spawnOnPipes } from './job-process'

/** TCP sockets in state LISTEN in /proc/net/tcp and tcp6 text: their local ports, sorted, once each. */
export function listeningPorts(procNetTcp: string): number[] {
  const ports = new Set<number>()
  for (const line of procNetTcp.split('\n')) {
    const fields = line.trim().split(/\s+/)
    const local = fields[1]
    if (fields[3] !== '0A' || !local?.includes(':')) continue
    const port = Number.parseInt(local.slice(local.lastIndexOf(':') + 1), 16)
    if (port >= 1 && port <= 65_535) ports.add(port)
  }
  return [...ports].sort((a, b) => a - b)
}

/** The ports the job listens on, read inside its network namespace; undefined when it is not running. */
export async function jobListeningPorts(runner: JobAccess, jobDir: string): Promise<number[] | undefined> {
  const plan = await runner
    .exec(jobDir, {
      program: { kind: 'command', command: 'cat /proc/net/tcp /proc/net/tcp6 2>/dev/null; exit 0' },
    })
    .catch(() => undefined)
  if (!plan) return undefined
  const { child } = spawnOnPipes(plan)
  let text = ''
  child.stdout.on('data', (chunk: Buffer) => {
    if (text.length < 4 * 1024 * 1024) text += chunk.toString('utf8')
  })
  const code = await new Promise<number | null>((resolve) => {
    child.once('error', () => resolve(127))
    child.once('close', resolve)
  })
  return code === 0 ? listeningPorts(text) : undefined
}
