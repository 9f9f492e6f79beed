import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { closeSync, existsSync, openSync } from 'node:fs'
import { processStart } from './proc-stat'
import { hostAddresses, ipv4Rules, ipv6Rules } from './sandbox-firewall'
import { runTool, type SandboxToolPaths, TOOL_ENV } from './sandbox-tools'

/**
 * A job's own network namespace (`ip netns`, owned by the host's user namespace, so nothing in
 * the sandbox may reconfigure it), its firewall, and slirp4netns giving it outbound access
 * without reaching the host's loopback.
 */
export type SandboxTools = Pick<
  SandboxToolPaths,
  'ip' | 'iptablesRestore' | 'ip6tablesRestore' | 'slirp4netns' | 'unshare'
>

export const netnsPath = (name: string) => `/run/netns/${name}`

function run(argv: readonly string[], input?: string): void {
  const failure = runTool(argv, input, 15_000)
  if (failure) throw new Error(failure)
}

/** Creates the namespace with its firewall; a leftover of an earlier failed start is replaced. */
export function createNetns(tools: SandboxTools, name: string): void {
  if (existsSync(netnsPath(name))) deleteNetns(tools, name)
  run([tools.ip, 'netns', 'add', name])
  const own = hostAddresses()
  run([tools.ip, 'netns', 'exec', name, tools.iptablesRestore], ipv4Rules(own.v4))
  if (tools.ip6tablesRestore)
    run([tools.ip, 'netns', 'exec', name, tools.ip6tablesRestore], ipv6Rules(own.v6))
  run([tools.ip, '-n', name, 'link', 'set', 'lo', 'up'])
}

export function deleteNetns(tools: SandboxTools, name: string): void {
  if (existsSync(netnsPath(name))) run([tools.ip, 'netns', 'delete', name])
}

/**
 * Starts slirp4netns for the namespace and resolves once its interface is up. It runs in a
 * private mount namespace: its own sandboxing unmounts what it does not need, and on a shared
 * /run/netns that would otherwise unmount every namespace's handle on the host.
 */
export async function startSlirp(
  tools: SandboxTools,
  name: string,
  logFile: string,
): Promise<{ pid: number; start: number }> {
  const log = openSync(logFile, 'a', 0o600)
  const slirp = spawn(
    tools.unshare,
    [
      '--mount',
      '--propagation',
      'private',
      '--',
      tools.slirp4netns,
      '--configure',
      '--mtu=65520',
      '--disable-host-loopback',
      '--enable-sandbox',
      '--enable-seccomp',
      '--ready-fd=3',
      '--netns-type=path',
      netnsPath(name),
      'tap0',
    ],
    { env: TOOL_ENV, detached: true, stdio: ['ignore', log, log, 'pipe'] },
  )
  closeSync(log)
  const ready = slirp.stdio[3]
  if (!slirp.pid || !ready) throw new Error('slirp4netns could not be started')
  const timeout = setTimeout(() => slirp.kill('SIGKILL'), 15_000)
  try {
    const outcome = await Promise.race([
      once(ready, 'data').then(() => 'ready'),
      once(slirp, 'exit').then(([code, signal]) => `exited (${signal ?? code})`),
    ])
    if (outcome !== 'ready') throw new Error(`slirp4netns ${outcome} before the network was up`)
  } finally {
    clearTimeout(timeout)
  }
  ready.destroy()
  slirp.unref()
  return { pid: slirp.pid, start: processStart(slirp.pid) ?? 0 }
}

/** Stops slirp4netns unless its pid now names another process. */
export function stopSlirp(slirp: { pid: number; start: number }): void {
  if (processStart(slirp.pid) === slirp.start) process.kill(slirp.pid, 'SIGKILL')
}
