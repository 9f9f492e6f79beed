/**
 * For the access benchmark: a rental on the demo stack whose job serves HTTP on its own loopback
 * and holds a large file in its workspace, reached over SSH (the renter's key in the job spec) and
 * the browser routes (an access token bought with one signed request, as the rental page buys it).
 */
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import type { Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { chainReader } from '../../e2e/harness/chain'
import { type ListedOffer, liveOffer } from '../../e2e/harness/offers'
import { chainRenter } from '../../e2e/harness/rent-on-chain'
import type { E2eStackInfo } from '../../e2e/stack/provided'
import { RentalStatus } from '../../lib/chain/rental-status'
import { requestAccessToken } from '../../lib/rentals/agent-access'
import type { DemoAgent } from '../../scripts/lib/demo-agents'
import { sshClients } from '../../test-support/agent/ssh-client'

/** The port the job's HTTP server listens on, inside its own network namespace. */
export const JOB_HTTP_PORT = 8000
export const BIG_FILE = 'access-bench.bin'
export const BIG_FILE_BYTES = 256 * 1024 * 1024
/**
 * Written into the job's server so its process (and network namespace) can be found on the host;
 * new for each run, so a job left by another run is never taken for this one's.
 */
const SERVER_MARKER = `weft-access-bench-server-${randomBytes(8).toString('hex')}`
/** How long the job's server takes over `/slow`: time spent elsewhere, as a model server's on its GPU. */
export const SLOW_ANSWER_MS = 10
/**
 * A small page, as a notebook's or an inference server's status answer would be, at once; and the
 * same after SLOW_ANSWER_MS at `/slow`, as an inference server answers once its GPU has worked.
 */
const SERVER = `/* ${SERVER_MARKER} */
const body = JSON.stringify({ ok: true, model: 'bench', text: 'x'.repeat(512) })
const answer = (s) => { s.setHeader('content-type', 'application/json'); s.end(body) }
require('node:http').createServer((q, s) => q.url === '/slow' ? setTimeout(answer, ${SLOW_ANSWER_MS}, s) : answer(s))
  .listen(${JOB_HTTP_PORT}, '127.0.0.1', () => console.log('ready'))`

/** The job: write the large file, then serve HTTP ($0 is the server's source, no quoting needed). */
export const ACCESS_JOB = [
  'sh',
  '-c',
  `head -c ${BIG_FILE_BYTES} /dev/urandom > ${BIG_FILE} && exec node -e "$0"`,
  SERVER,
]

/** A spec running `command` (none: an interactive machine) that lets the renter's SSH key in. */
const specWith = (command: string[] | undefined, sshPublicKey: string) => ({
  ...(command ? { command } : {}),
  env: {},
  onExit: 'finish' as const,
  sshPublicKey,
})

/** Rents `listed` for an hour (within its limits); resolves once the rent is mined. */
export async function rentListed(
  stack: E2eStackInfo,
  key: Hex,
  listed: ListedOffer,
  command: string[] | undefined,
  sshPublicKey: string,
): Promise<bigint> {
  const seconds = Math.min(Math.max(3600, listed.offer.minDuration), listed.offer.maxDuration)
  return (await chainRenter(stack, key).rent(listed, seconds, specWith(command, sshPublicKey))).id
}

/** Rents one GPU of `fleet` running `command`; resolves with the rental id once the rent is mined. */
export async function rentWithKey(
  stack: E2eStackInfo,
  key: Hex,
  fleet: string,
  command: string[] | undefined,
  sshPublicKey: string,
): Promise<bigint> {
  return rentListed(stack, key, await liveOffer(stack, fleet, 1, 120), command, sshPublicKey)
}

/** Waits until the chain says the rental runs. */
export async function waitRunning(stack: E2eStackInfo, id: bigint, timeoutMs = 120_000): Promise<void> {
  const chain = chainReader(stack.rpcUrl, stack)
  const deadline = Date.now() + timeoutMs
  while ((await chain.rental(id)).status !== RentalStatus.Running) {
    if (Date.now() > deadline) throw new Error(`the provider never started rental ${id}`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

/** The renter's access token for the rental, bought with one signed request to its agent. */
export async function accessToken(agentUrl: string, id: bigint, key: Hex): Promise<string> {
  const account = privateKeyToAccount(key)
  const signer = {
    address: account.address,
    signMessage: ({ message }: { message: string }) => account.signMessage({ message }),
  }
  return (await requestAccessToken({ endpoint: agentUrl, id: String(id), signer })).token
}

/** The agent's data folder in the bench stack's data folder. */
export const agentDataDir = (dataDir: string, fleet: string) => path.join(dataDir, 'agents', fleet, 'data')

/** OpenSSH clients that trust `agent`'s gateway (its host key read from its data folder), with one key pair. */
export function gatewayClients(dataDir: string, agent: DemoAgent) {
  const hostKeyFile = path.join(agentDataDir(dataDir, agent.name), 'ssh', 'ssh_host_ed25519_key')
  const derived = spawnSync('ssh-keygen', ['-y', '-f', hostKeyFile], { encoding: 'utf8' })
  if (derived.status !== 0)
    throw new Error(`cannot read the gateway's host key ${hostKeyFile}: ${derived.stderr}`)
  const clients = sshClients(derived.stdout.trim())
  clients.setPort(agent.ssh.port)
  const renterKey = clients.key('renter')
  return { clients, renterKey }
}

/** Where the job's workspace file `name` lies on the host (under the agent's data folder), or an error. */
export function findWorkspaceFile(dataDir: string, fleet: string, name: string, bytes: number): string {
  const seen: string[] = []
  const walk = (dir: string, depth: number): string | undefined => {
    if (depth > 8) return undefined
    let entries: import('node:fs').Dirent[]
    try {
      entries = readdirSync(dir, { withFileTypes: true })
    } catch {
      return undefined
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name)
      if (entry.isFile() && entry.name === name) {
        seen.push(full)
        if (statSync(full).size === bytes) return full
      } else if (entry.isDirectory()) {
        const found = walk(full, depth + 1)
        if (found) return found
      }
    }
    return undefined
  }
  const found = walk(agentDataDir(dataDir, fleet), 0)
  if (!found)
    throw new Error(
      `no ${bytes}-byte ${name} under the agent's data folder (seen: ${seen.join(', ') || 'none'})`,
    )
  return found
}

/** The network namespace of the job's HTTP server, found on the host by the marker in its command line. */
export function jobServerNetns(): string {
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8')
      if (cmdline.includes(SERVER_MARKER) && cmdline.startsWith('node')) return `/proc/${pid}/ns/net`
    } catch {
      // gone meanwhile
    }
  }
  throw new Error("the job's HTTP server is not running on this host")
}
