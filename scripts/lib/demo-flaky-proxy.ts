import { connect, createServer, type Socket } from 'node:net'

export type FlakySchedule = { periodSeconds: number; refuseSeconds: number; hangSeconds: number }
export type FlakyPhase = 'up' | 'refusing' | 'hanging'

/**
 * Where in its cycle a flaky endpoint is at `nowMs`: up first, then refusing, then hanging, so a
 * client sees both kinds of outage (an immediate reset and a timeout) every period.
 */
export function flakyPhase(schedule: FlakySchedule, nowMs: number): FlakyPhase {
  const period = schedule.periodSeconds * 1000
  const at = nowMs % period
  const up = period - (schedule.refuseSeconds + schedule.hangSeconds) * 1000
  if (at < up) return 'up'
  return at < up + schedule.refuseSeconds * 1000 ? 'refusing' : 'hanging'
}

export type FlakyProxy = { close(): Promise<void> }

/**
 * A TCP proxy on `host:listenPort` in front of an agent on `host:targetPort` that really fails:
 * while refusing it resets new connections at once; while hanging it accepts them and never
 * answers (they are dropped after `hangSeconds`); while up it forwards bytes both ways.
 */
export function startFlakyProxy(options: {
  host: string
  listenPort: number
  targetPort: number
  schedule: FlakySchedule
  now?: () => number
}): Promise<FlakyProxy> {
  const now = options.now ?? Date.now
  const open = new Set<Socket>()
  const server = createServer((client) => {
    open.add(client)
    client.on('close', () => open.delete(client))
    client.on('error', () => client.destroy())
    const phase = flakyPhase(options.schedule, now())
    if (phase === 'refusing') {
      client.resetAndDestroy()
      return
    }
    if (phase === 'hanging') {
      client.setTimeout(options.schedule.hangSeconds * 1000, () => client.destroy())
      client.resume()
      return
    }
    const upstream = connect(options.targetPort, options.host)
    open.add(upstream)
    upstream.on('close', () => {
      open.delete(upstream)
      client.destroy()
    })
    upstream.on('error', () => client.destroy())
    client.on('close', () => upstream.destroy())
    client.pipe(upstream)
    upstream.pipe(client)
  })
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.listenPort, options.host, () =>
      resolve({
        close: () =>
          new Promise<void>((done) => {
            for (const socket of open) socket.destroy()
            server.close(() => done())
          }),
      }),
    )
  })
}
