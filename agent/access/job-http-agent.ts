import { Agent, type AgentOptions, type ClientRequestArgs } from 'node:http'
import type { Socket } from 'node:net'
import { resolve } from 'node:path'
import type { Duplex } from 'node:stream'
import type { JobAccess } from '../jobs/job-exec'
import { dialJob } from './job-dialer'

/** How long an idle kept-alive connection to a job's server stays open (a job's server may say less). */
const IDLE_MS = 5_000

/** Said by a request that got no connection at all: nothing listens on the port inside the job. */
export class NothingListens extends Error {}

/**
 * Kept-alive HTTP connections to one port of one job, dialled through the job's dialer: requests
 * through the port proxy reuse them as a browser reuses its own, instead of connecting anew each.
 */
class JobHttpAgent extends Agent {
  constructor(
    private readonly runner: JobAccess,
    private readonly jobDir: string,
    private readonly port: number,
    private readonly forget: () => void,
  ) {
    super({ keepAlive: true, timeout: IDLE_MS } satisfies AgentOptions)
  }

  /** Connects later, through the dialer: Node's agent takes a connection handed to `callback`. */
  override createConnection(
    _options: ClientRequestArgs,
    callback?: (error: Error | null, stream: Duplex) => void,
  ): undefined {
    const done = (error: Error | null, socket?: Socket) => callback?.(error, socket as Duplex)
    void dialJob(this.runner, this.jobDir, this.port).then((socket) => {
      if (!socket) return done(new NothingListens())
      socket.once('close', () => setImmediate(() => this.forgetWhenUnused()))
      done(null, socket)
    }, done)
    return undefined
  }

  private forgetWhenUnused() {
    const open = [...Object.values(this.sockets), ...Object.values(this.freeSockets)]
    if (open.every((list) => !list?.length)) this.forget()
  }
}

const agents = new Map<string, JobHttpAgent>()

/** The HTTP agent for `127.0.0.1:<port>` inside the job in `jobDir`. */
export function jobHttpAgent(runner: JobAccess, jobDir: string, port: number): Agent {
  const key = `${resolve(jobDir)}\n${port}`
  let agent = agents.get(key)
  if (!agent) {
    const made: JobHttpAgent = new JobHttpAgent(runner, jobDir, port, () => {
      if (agents.get(key) === made) agents.delete(key)
    })
    agent = made
    agents.set(key, agent)
  }
  return agent
}
