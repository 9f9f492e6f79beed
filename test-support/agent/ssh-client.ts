import { execFile, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pty from '@lydell/node-pty'
import { eventually } from '../eventually'

/** OpenSSH client options: this key only, strict checking against `knownHosts`, no config or agent. */
export function openSshOptions(key: string, knownHosts: string): string[] {
  return [
    '-F',
    '/dev/null',
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    `UserKnownHostsFile=${knownHosts}`,
    '-o',
    'IdentitiesOnly=yes',
    '-o',
    'BatchMode=yes',
    '-o',
    'LogLevel=ERROR',
    '-i',
    key,
  ]
}

/**
 * Test support for the SSH gateway: the real OpenSSH client (ssh, sftp, scp) with keys of its own,
 * strict host key checking against the gateway's key, and no agent, config or other identity.
 */
export function sshClients(hostPublicKey: string) {
  const dir = mkdtempSync(join(tmpdir(), 'weft-ssh-client-'))
  const keys = new Map<string, string>()
  let port = 0
  const knownHosts = join(dir, 'known_hosts')
  const options = (key: string) => [...openSshOptions(key, knownHosts), '-o', 'ConnectTimeout=20']
  return {
    dir,
    setPort(value: number) {
      port = value
      writeFileSync(knownHosts, `[127.0.0.1]:${port} ${hostPublicKey}\n`)
    },
    /** A new Ed25519 key pair; returns the private key's path and the public key line. */
    key(name: string): { path: string; publicKey: string } {
      const path = join(dir, name)
      const made = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', path])
      if (made.status !== 0) throw new Error(`ssh-keygen failed: ${made.stderr}`)
      keys.set(name, path)
      const publicKey = spawnSync('cat', [`${path}.pub`], { encoding: 'utf8' }).stdout.trim()
      return { path, publicKey }
    },
    /** `ssh [extra] <user>@127.0.0.1 -- command` */
    ssh(key: string, user: string, extra: string[], command?: string, input = '') {
      return runClient(
        'ssh',
        [...options(key), '-p', String(port), ...extra, `${user}@127.0.0.1`, ...(command ? [command] : [])],
        input,
      )
    },
    sftp(key: string, user: string, batch: string) {
      const file = join(dir, `batch-${Date.now()}`)
      writeFileSync(file, batch)
      return runClient('sftp', [...options(key), '-P', String(port), '-b', file, `${user}@127.0.0.1`])
    },
    scp(key: string, from: string, to: string) {
      return runClient('scp', [...options(key), '-P', String(port), from, to])
    },
    /** The argv of an ssh command, for a client started by the test itself (on a terminal). */
    sshArgv(key: string, user: string, extra: string[], command: string): string[] {
      return ['ssh', ...options(key), '-p', String(port), ...extra, `${user}@127.0.0.1`, command]
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  }
}

export type ClientResult = { code: number | null; stdout: string; stderr: string }

function runClient(program: string, args: string[], input = ''): Promise<ClientResult> {
  return new Promise((resolve) => {
    const child = execFile(program, args, { timeout: 60_000, encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0
      resolve({ code, stdout, stderr })
    })
    child.stdin?.end(input)
  })
}

/**
 * `ssh -tt` on a terminal of 24×80 that `stty size` reports, then resized to 40×132 and reported
 * again: what the session printed, and its exit code.
 */
export async function resizedTerminal(
  clients: ReturnType<typeof sshClients>,
  key: string,
  user: string,
): Promise<{ output: string; exitCode: number }> {
  const [program = 'ssh', ...args] = clients.sshArgv(key, user, ['-tt'], 'stty size; read x; stty size')
  const terminal = pty.spawn(program, args, { cols: 80, rows: 24, env: { PATH: '/usr/bin:/bin' } })
  let output = ''
  terminal.onData((data) => {
    output += data
  })
  const exited = new Promise<number>((resolve) => terminal.onExit(({ exitCode }) => resolve(exitCode)))
  await eventually('the first size', () => output.includes('24 80'))
  terminal.resize(132, 40)
  await new Promise((resolve) => setTimeout(resolve, 500))
  terminal.write('\r')
  return { exitCode: await exited, output }
}
