import type { AddressInfo } from 'node:net'
import ssh2, { type AuthContext, type Connection } from 'ssh2'
import type { JobAccess } from '../jobs/job-exec'
import type { HostKey } from './host-key'
import { checkPublicKey, type RentalLookup, rentalIdFromUser } from './ssh-auth'
import { serveForward } from './ssh-forward'
import type { SessionProcess } from './ssh-process'
import { serveSession } from './ssh-session'

export type SshGatewayOptions = {
  hostKey: HostKey
  /** Runs programs and relays inside jobs (the agent's runner). */
  runner: JobAccess
  /** The running rental with this id and its spec's SSH key; undefined for anything else. */
  rentals: RentalLookup
}

/** Attempts a connection gets before it is dropped, and how long it may take to log in. */
const MAX_AUTH_ATTEMPTS = 6
const LOGIN_TIMEOUT_MS = 30_000

/**
 * The access plane's SSH server: `ssh <rental id>@<host> -p <port>` lands in a shell inside that
 * rental's job. The only way in is the public key of the rental's job spec, while the rental runs;
 * any other user, key, method or rental is refused alike, with nothing said why. Sessions run
 * inside the job (ssh-session.ts), local forwards reach only the job's loopback
 * (ssh-forward.ts), and every connection of a rental is closed when the rental ends.
 */
export class SshGateway {
  private readonly server: ssh2.Server
  private readonly byRental = new Map<string, Set<Connection>>()
  private readonly processes = new Map<Connection, Set<SessionProcess>>()

  constructor(private readonly options: SshGatewayOptions) {
    this.server = new ssh2.Server({ hostKeys: [options.hostKey.privateKey], ident: 'weft' }, (client) =>
      this.connected(client),
    )
    this.server.on('error', (error: Error) => console.error(`ssh gateway: ${error.message}`))
  }

  /** Listens; resolves with the bound port (0 picks a free one). */
  listen(port: number, host = '0.0.0.0'): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject)
      this.server.listen(port, host, () => {
        this.server.off('error', reject)
        resolve((this.server.address() as AddressInfo).port)
      })
    })
  }

  /** Closes every connection of the rental and kills what its sessions run; for a rental that ended. */
  endRental(rentalId: bigint | string): void {
    const key = String(BigInt(rentalId))
    for (const client of this.byRental.get(key) ?? []) this.drop(client)
    this.byRental.delete(key)
  }

  /** Stops listening and closes every connection. */
  async close(): Promise<void> {
    for (const clients of this.byRental.values()) for (const client of clients) this.drop(client)
    this.byRental.clear()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  private drop(client: Connection) {
    for (const process of this.processes.get(client) ?? []) process.kill()
    this.processes.delete(client)
    client.end()
  }

  private connected(client: Connection) {
    let attempts = 0
    let rentalId: bigint | undefined
    const loginTimer = setTimeout(() => client.end(), LOGIN_TIMEOUT_MS)
    client.on('error', () => undefined) // a client gone mid-handshake is no concern of the agent's
    client.on('authentication', (ctx) => {
      attempts++
      const verdict = this.authenticate(ctx)
      if (verdict === undefined) {
        ctx.reject(['publickey'])
        if (attempts >= MAX_AUTH_ATTEMPTS) client.end()
        return
      }
      if (verdict === 'offered') return ctx.accept() // the key would do: the client signs next
      rentalId = BigInt(ctx.username)
      ctx.accept()
    })
    client.on('ready', () => {
      clearTimeout(loginTimer)
      const id = rentalId
      if (id === undefined) return client.end()
      const key = String(id)
      const clients = this.byRental.get(key) ?? new Set()
      clients.add(client)
      this.byRental.set(key, clients)
      const processes = new Set<SessionProcess>()
      this.processes.set(client, processes)
      client.once('close', () => {
        for (const process of processes) process.kill()
        this.processes.delete(client)
        this.byRental.get(key)?.delete(client)
      })
      const access = this.options.rentals(id)
      if (!access) return client.end()
      const target = {
        jobDir: access.jobDir,
        runner: this.options.runner,
        allowed: () => this.options.rentals(id)?.jobDir === access.jobDir,
      }
      client.on('session', (accept) => {
        serveSession(accept(), target, (process) => processes.add(process))
      })
      client.on('tcpip', (accept, reject, info) => void serveForward(accept, reject, info, target))
    })
  }

  /** `offered` or `verified` for the rental's own key while it runs; undefined for anything else. */
  private authenticate(ctx: AuthContext): 'offered' | 'verified' | undefined {
    if (ctx.method !== 'publickey') return undefined
    const id = rentalIdFromUser(ctx.username)
    const access = id === undefined ? undefined : this.options.rentals(id)
    if (!access) return undefined
    const verdict = checkPublicKey(access.publicKey, ctx)
    return verdict === 'refused' ? undefined : verdict
  }
}
