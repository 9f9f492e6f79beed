import { spawnSync } from 'node:child_process'
import { accessSync, constants } from 'node:fs'
import { join } from 'node:path'
import { childEnv } from './job-files'

/**
 * The host programs the sandbox runner uses, found by absolute path on the system's own PATH
 * (never the agent's or the renter's), so nothing earlier on a PATH can stand in for them.
 */
const SYSTEM_PATH = ['/usr/sbin', '/usr/bin', '/sbin', '/bin']

/** What the agent runs host tools with: the system's own PATH and the C locale, nothing of its own environment. */
export const TOOL_ENV = childEnv({ PATH: SYSTEM_PATH.join(':'), LANG: 'C' })

/** Runs a host tool (argv, no shell); undefined when it succeeded, else a sentence saying how it failed. */
export function runTool(argv: readonly string[], input?: string, timeoutMs = 30_000): string | undefined {
  const [program = '', ...args] = argv
  const result = spawnSync(program, args, { input, env: TOOL_ENV, encoding: 'utf8', timeout: timeoutMs })
  if (result.status === 0) return undefined
  return `${argv.join(' ')} failed: ${(result.stderr || result.error?.message || '').trim()}`
}

export type SandboxToolPaths = {
  bwrap: string
  nsenter: string
  setpriv: string
  unshare: string
  ip: string
  iptablesRestore: string
  ip6tablesRestore?: string
  slirp4netns: string
  sh: string
}

export function findTool(name: string): string | undefined {
  for (const dir of SYSTEM_PATH) {
    const path = join(dir, name)
    try {
      accessSync(path, constants.X_OK)
      return path
    } catch {
      // not here
    }
  }
  return undefined
}

/** Every tool, or the names of those missing (Debian packages in parentheses). */
export function findSandboxTools(): { tools: SandboxToolPaths } | { missing: string[] } {
  const wanted = {
    bwrap: 'bwrap (bubblewrap)',
    nsenter: 'nsenter (util-linux)',
    setpriv: 'setpriv (util-linux)',
    unshare: 'unshare (util-linux)',
    ip: 'ip (iproute2)',
    'iptables-restore': 'iptables-restore (iptables)',
    slirp4netns: 'slirp4netns (slirp4netns)',
    sh: 'sh (dash)',
  }
  const found = Object.fromEntries(Object.keys(wanted).map((name) => [name, findTool(name)]))
  const missing = Object.entries(wanted)
    .filter(([name]) => !found[name])
    .map(([, label]) => label)
  if (missing.length > 0) return { missing }
  const at = (name: string) => found[name] ?? name
  return {
    tools: {
      bwrap: at('bwrap'),
      nsenter: at('nsenter'),
      setpriv: at('setpriv'),
      unshare: at('unshare'),
      ip: at('ip'),
      iptablesRestore: at('iptables-restore'),
      ip6tablesRestore: findTool('ip6tables-restore'),
      slirp4netns: at('slirp4netns'),
      sh: at('sh'),
    },
  }
}

/** The tools, or an error naming what to install. */
export function sandboxTools(): SandboxToolPaths {
  const result = findSandboxTools()
  if ('missing' in result) throw new Error(`the sandbox runner needs ${result.missing.join(', ')}`)
  return result.tools
}
