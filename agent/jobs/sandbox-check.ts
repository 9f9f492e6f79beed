import { spawnSync } from 'node:child_process'
import { childEnv } from './job-files'
import { detectCgroups } from './sandbox-cgroups'
import { bwrapAsJobUser, systemPaths } from './sandbox-launch'
import { findSandboxTools, type SandboxToolPaths } from './sandbox-tools'

/**
 * Whether this host can run sandboxed jobs: the tools are installed, the agent is root (it
 * creates cgroups, network namespaces and loop mounts, and hands the job a uid of its own), and
 * bubblewrap can create its namespaces as an unprivileged uid (user namespaces enabled).
 */
const PROBE_UID = 65_534

/** Runs `true` in a minimal sandbox as `uid`; a sentence saying why not, or undefined when it works. */
export function probeBwrap(tools: SandboxToolPaths, uid: number): string | undefined {
  const system = systemPaths().flatMap((p) =>
    p.symlink ? ['--symlink', p.symlink, p.path] : ['--ro-bind', p.path, p.path],
  )
  const [setpriv = tools.setpriv, ...asUser] = bwrapAsJobUser(tools, uid)
  const result = spawnSync(
    setpriv,
    [
      ...asUser,
      '--unshare-user',
      '--unshare-pid',
      '--unshare-ipc',
      '--unshare-uts',
      '--unshare-net',
      '--disable-userns',
      '--die-with-parent',
      '--new-session',
      ...system,
      '--proc',
      '/proc',
      '--dev',
      '/dev',
      '--',
      'true',
    ],
    { env: childEnv({ PATH: '/usr/bin:/bin' }), encoding: 'utf8', timeout: 15_000 },
  )
  if (result.status === 0) return undefined
  return `bubblewrap cannot create a sandbox as uid ${uid}: ${(result.stderr || result.error?.message || `exit ${result.status}`).trim()} (are unprivileged user namespaces enabled?)`
}

/** Why the sandbox runner cannot work here, or undefined when it can. */
export function sandboxUnavailableReason(): string | undefined {
  const found = findSandboxTools()
  if ('missing' in found) return `the sandbox runner needs ${found.missing.join(', ')}`
  if (process.getuid?.() !== 0)
    return 'the sandbox runner must run as root (cgroups, network namespaces, workspace mounts)'
  if (!detectCgroups()) return 'no cgroup v1 (cpu, memory, pids) or v2 hierarchy is mounted at /sys/fs/cgroup'
  return probeBwrap(found.tools, PROBE_UID)
}

/** For runner selection: bubblewrap is installed and able to create the sandbox's namespaces. */
export const sandboxAvailable = (): boolean => sandboxUnavailableReason() === undefined
