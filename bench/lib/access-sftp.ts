/**
 * SFTP download speed of one large file: through the agent's SSH gateway (sftp-server inside the
 * job) against OpenSSH's own sshd on loopback serving the same file from the host, with the same
 * `sftp` client, its default algorithms, each download written to /dev/null. Runs alternate.
 */

import { execFile, spawn, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir, userInfo } from 'node:os'
import path from 'node:path'
import { freePort } from '../../lib/chain/anvil'
import { openSshOptions } from '../../test-support/agent/ssh-client'

export const SFTP_RUNS = 3
const SSHD = '/usr/sbin/sshd'
const SFTP_SERVER = '/usr/lib/openssh/sftp-server'

/** Megabytes (10^6 bytes) per second of one `sftp -b` download, the whole client run timed. */
export function timedSftp(args: string[], remote: string, bytes: number, dir: string): Promise<number> {
  const batch = path.join(dir, `get-${Date.now()}`)
  writeFileSync(batch, `get ${remote} /dev/null\n`)
  const started = process.hrtime.bigint()
  return new Promise((resolve, reject) => {
    execFile('sftp', ['-b', batch, ...args], { timeout: 300_000 }, (error, _stdout, stderr) => {
      if (error) return reject(new Error(`sftp failed: ${stderr || error.message}`))
      const seconds = Number(process.hrtime.bigint() - started) / 1e9
      resolve(bytes / 1e6 / seconds)
    })
  })
}

/** OpenSSH's sshd on a free loopback port with a temporary host key, letting in `publicKey` as this user. */
export async function startOpenSshd(publicKey: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'weft-sshd-'))
  const hostKey = path.join(dir, 'host_key')
  const made = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey])
  if (made.status !== 0) throw new Error(`ssh-keygen failed: ${made.stderr}`)
  writeFileSync(path.join(dir, 'authorized_keys'), `${publicKey}\n`, { mode: 0o600 })
  const port = await freePort()
  const config = path.join(dir, 'sshd_config')
  writeFileSync(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKey}`,
      `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
      'PidFile none',
      'UsePAM no',
      'StrictModes no',
      'PermitRootLogin prohibit-password',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      `Subsystem sftp ${SFTP_SERVER}`,
    ].join('\n'),
  )
  mkdirSync('/run/sshd', { recursive: true }) // its privilege-separation folder
  const checked = spawnSync(SSHD, ['-t', '-f', config], { encoding: 'utf8' })
  if (checked.status !== 0) throw new Error(`sshd refused its config: ${checked.stderr}`)
  const child = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] })
  let said = ''
  child.stderr.on('data', (chunk: Buffer) => {
    said += chunk.toString()
  })
  const hostPublic = spawnSync('cat', [`${hostKey}.pub`], { encoding: 'utf8' }).stdout.trim()
  writeFileSync(path.join(dir, 'known_hosts'), `[127.0.0.1]:${port} ${hostPublic}\n`)
  for (let i = 0; !said.includes('listening') && i < 100; i++) await new Promise((r) => setTimeout(r, 50))
  if (child.exitCode !== null) throw new Error(`sshd exited: ${said}`)
  return {
    port,
    knownHosts: path.join(dir, 'known_hosts'),
    dir,
    stop() {
      child.kill('SIGTERM')
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** The `sftp` options for a key and a known_hosts file, with no config, agent or other identity. */
export function sftpOptions(key: string, knownHosts: string, port: number, destination: string): string[] {
  return [...openSshOptions(key, knownHosts), '-P', String(port), destination]
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN

/** Gateway and OpenSSH MB/s (median of `SFTP_RUNS` alternating runs) and their ratio. */
export async function measureSftp(input: {
  gateway: { port: number; user: string; knownHosts: string; remote: string }
  key: { path: string; publicKey: string }
  hostFile: string
  bytes: number
  workDir: string
}) {
  const sshd = await startOpenSshd(input.key.publicKey)
  try {
    const gatewayArgs = sftpOptions(
      input.key.path,
      input.gateway.knownHosts,
      input.gateway.port,
      `${input.gateway.user}@127.0.0.1`,
    )
    const opensshArgs = sftpOptions(
      input.key.path,
      sshd.knownHosts,
      sshd.port,
      `${userInfo().username}@127.0.0.1`,
    )
    const gateway: number[] = []
    const openssh: number[] = []
    for (let i = 0; i < SFTP_RUNS; i++) {
      openssh.push(await timedSftp(opensshArgs, input.hostFile, input.bytes, input.workDir))
      gateway.push(await timedSftp(gatewayArgs, input.gateway.remote, input.bytes, input.workDir))
    }
    const round = (v: number) => Math.round(v * 10) / 10
    return {
      gatewayMBps: gateway.map(round),
      opensshMBps: openssh.map(round),
      gatewayMedianMBps: round(median(gateway)),
      opensshMedianMBps: round(median(openssh)),
      ratio: median(gateway) / median(openssh),
    }
  } finally {
    sshd.stop()
  }
}
