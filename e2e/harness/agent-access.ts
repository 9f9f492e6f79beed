import { spawnSync } from 'node:child_process'
import type { Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import WebSocket from 'ws'
import { z } from 'zod'
import { signAgentRequest } from '../../lib/agent-auth/request-signing'
import { ACCESS_SCOPES, ACCESS_TOKEN_TTL_SECONDS } from '../../lib/protocol/browser-access'
import { healthSchema } from '../../lib/protocol/health-report'
import { sshClients } from '../../test-support/agent/ssh-client'

/*
 * The test's own way to a provider's agent, beside the page's: its SSH gateway with the OpenSSH
 * client, and the browser routes called as another account's browser (or program) would.
 */

/** The agent's SSH gateway as its `/v1/health` announces it: port and host key fingerprint. */
export async function agentSsh(agentUrl: string): Promise<{ port: number; hostKeyFingerprint: string }> {
  const response = await fetch(`${agentUrl}/v1/health`)
  const health = healthSchema.parse(await response.json())
  if (!health.ssh) throw new Error(`the agent at ${agentUrl} announces no SSH gateway in /v1/health`)
  return health.ssh
}

/**
 * The gateway's host key read off the wire with ssh-keyscan, checked against the fingerprint the
 * agent announces (and the page shows), as a renter compares them on a first connection.
 */
export function scannedHostKey(port: number, fingerprint: string): string {
  const scan = spawnSync('ssh-keyscan', ['-T', '20', '-t', 'ed25519', '-p', String(port), '127.0.0.1'], {
    encoding: 'utf8',
  })
  const line = scan.stdout.split('\n').find((l) => l.includes(' ssh-ed25519 '))
  if (!line) throw new Error(`ssh-keyscan found no Ed25519 host key on port ${port}: ${scan.stderr}`)
  const listed = spawnSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', '-'], { input: line, encoding: 'utf8' })
  const seen = listed.stdout.split(' ')[1]
  if (seen !== fingerprint)
    throw new Error(`the gateway on port ${port} shows host key ${seen}, the agent announces ${fingerprint}`)
  return line.slice(line.indexOf('ssh-ed25519 ')).trim()
}

/** OpenSSH clients that trust only the agent's gateway, its host key checked (ssh-client.ts). */
export async function gatewayClients(agentUrl: string) {
  const ssh = await agentSsh(agentUrl)
  const clients = sshClients(scannedHostKey(ssh.port, ssh.hostKeyFingerprint))
  clients.setPort(ssh.port)
  return { ...clients, ...ssh }
}

/**
 * `POST /v1/rentals/:id/access-token` signed by `key`'s account, as the page's panel signs it
 * (lib/rentals/agent-access.ts): the agent's answer, unread.
 */
export async function requestAccessToken(agentUrl: string, id: bigint, key: Hex): Promise<Response> {
  const account = privateKeyToAccount(key)
  const url = `${agentUrl}/v1/rentals/${id}/access-token`
  const body = JSON.stringify({ scopes: [...ACCESS_SCOPES], ttlSeconds: ACCESS_TOKEN_TTL_SECONDS })
  const headers = await signAgentRequest({ signer: account, url, method: 'POST', body })
  return fetch(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body })
}

/** An access token `key`'s account gets for its own rental `id`. */
export async function accessTokenFor(agentUrl: string, id: bigint, key: Hex): Promise<string> {
  const response = await requestAccessToken(agentUrl, id, key)
  if (response.status !== 201)
    throw new Error(`the agent refused ${key.slice(0, 6)}…'s token for its rental: ${await response.text()}`)
  return z.object({ token: z.string() }).parse(await response.json()).token
}

/**
 * Opens the rental's terminal WebSocket with `token`: the HTTP status the agent refused the upgrade
 * with, or 101 when it let the socket open (closed again at once).
 */
export function terminalUpgradeStatus(agentUrl: string, id: bigint, token: string): Promise<number> {
  const url = new URL(`${agentUrl}/v1/rentals/${id}/terminal`)
  url.protocol = 'ws:'
  url.searchParams.set('token', token)
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url)
    socket.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0)
      response.resume()
      socket.terminate()
    })
    socket.once('open', () => {
      resolve(101)
      socket.close()
    })
    socket.once('error', (error) => reject(error))
  })
}
