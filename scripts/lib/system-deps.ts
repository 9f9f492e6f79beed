import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, openSync } from 'node:fs'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

/**
 * What the test suites need from the operating system, and the Debian package that provides each:
 * Chromium for the end-to-end suite, Docker and bubblewrap (with its user-mode network and
 * firewall) for the job runners' hostile-job suite, busybox for the runners' test image, and
 * OpenSSH's client and sftp-server for the SSH gateway's suite (the renter's side and what a job's
 * SFTP sessions run inside the sandbox).
 */
export const SYSTEM_NEEDS = [
  { what: 'Chromium', file: '/usr/bin/chromium', pkg: 'chromium' },
  { what: 'Docker', file: '/usr/sbin/dockerd', pkg: 'docker.io' },
  { what: 'bubblewrap', file: '/usr/bin/bwrap', pkg: 'bubblewrap' },
  { what: 'slirp4netns', file: '/usr/bin/slirp4netns', pkg: 'slirp4netns' },
  { what: 'iptables', file: '/usr/sbin/iptables', pkg: 'iptables' },
  { what: 'iproute2', file: '/usr/sbin/ip', pkg: 'iproute2' },
  { what: 'busybox (static)', file: '/usr/bin/busybox', pkg: 'busybox-static' },
  { what: 'OpenSSH client', file: '/usr/bin/ssh', pkg: 'openssh-client' },
  { what: 'OpenSSH sftp-server', file: '/usr/lib/openssh/sftp-server', pkg: 'openssh-sftp-server' },
] as const

const run = (command: string, args: string[]) =>
  spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })

/** The Debian packages of what is missing here. */
export function missingPackages(exists: (file: string) => boolean = existsSync): string[] {
  return SYSTEM_NEEDS.filter((need) => !exists(need.file)).map((need) => need.pkg)
}

/**
 * Installs what is missing with apt-get, as root on Debian; anywhere else it says exactly what to
 * install and fails, rather than letting a suite fail later for a reason it cannot name.
 */
export function installMissing(log: (line: string) => void): void {
  const missing = missingPackages()
  if (missing.length === 0) return
  const command = `apt-get install -y --no-install-recommends ${missing.join(' ')}`
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) {
    throw new Error(`the test suites need ${missing.join(', ')}: install them (Debian: sudo ${command})`)
  }
  log(`installing what the suites need: ${command}`)
  if (run('apt-get', ['update']).status !== 0) throw new Error('apt-get update failed')
  const install = run('apt-get', ['install', '-y', '--no-install-recommends', ...missing])
  if (install.status !== 0) throw new Error(`${command} failed (exit ${install.status})`)
}

const dockerAnswers = () =>
  spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { stdio: 'ignore', timeout: 10_000 })
    .status === 0

/**
 * Starts the Docker daemon when it is installed but not running (a machine without an init
 * system), logging to `logDir/dockerd.log`, and waits until it answers. It is left running, like
 * the database server.
 */
export async function ensureDockerd(logDir: string, log: (line: string) => void): Promise<void> {
  if (dockerAnswers()) return
  mkdirSync(logDir, { recursive: true })
  const logFile = path.join(logDir, 'dockerd.log')
  log(`starting dockerd (log: ${logFile})`)
  const daemon = spawn('dockerd', [], {
    detached: true,
    stdio: ['ignore', openSync(logFile, 'a'), openSync(logFile, 'a')],
  })
  let exited: number | null = null
  daemon.once('exit', (code) => {
    exited = code ?? 1
  })
  daemon.unref()
  const deadline = Date.now() + 60_000
  while (!dockerAnswers()) {
    if (exited !== null) throw new Error(`dockerd exited with ${exited}: see ${logFile}`)
    if (Date.now() > deadline) throw new Error(`dockerd did not answer within 60 s: see ${logFile}`)
    await sleep(500)
  }
}
