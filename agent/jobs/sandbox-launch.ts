import { existsSync, lstatSync, readlinkSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { SystemPath } from './sandbox-bwrap'
import type { SandboxToolPaths } from './sandbox-tools'

/**
 * The command the supervisor runs for a sandboxed job, as root: a few lines of sh join the job's
 * cgroup (so every process after it, bubblewrap and the job included, is counted and killed
 * with it), enter the job's network namespace, drop to the job's uid with no way to regain
 * privileges, and become bubblewrap.
 */
const LAUNCH_SCRIPT = [
  'set -e',
  'while [ "$1" != -- ]; do echo $$ > "$1"; shift; done',
  'shift',
  'exec "$@"',
].join('\n')

export function launchArgv(input: {
  tools: SandboxToolPaths
  /** `cgroup.procs` of each of the job's cgroup directories. */
  cgroupProcs: readonly string[]
  netnsPath: string
  uid: number
  bwrapArgs: readonly string[]
}): string[] {
  const { tools, uid } = input
  return [
    tools.sh,
    '-c',
    LAUNCH_SCRIPT,
    'weft-sandbox',
    ...input.cgroupProcs,
    '--',
    tools.nsenter,
    `--net=${input.netnsPath}`,
    '--',
    ...bwrapAsJobUser(tools, uid),
    ...input.bwrapArgs,
  ]
}

/** bubblewrap run as the job's uid, with no groups and no way to regain privileges. */
export const bwrapAsJobUser = (tools: SandboxToolPaths, uid: number): string[] => [
  tools.setpriv,
  `--reuid=${uid}`,
  `--regid=${uid}`,
  '--clear-groups',
  '--no-new-privs',
  '--',
  tools.bwrap,
]

/** The host's system directories as they are here: merged-/usr links stay links. */
export function systemPaths(
  candidates = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32'],
): SystemPath[] {
  return candidates
    .filter((path) => existsSync(path))
    .map((path) => (lstatSync(path).isSymbolicLink() ? { path, symlink: readlinkSync(path) } : { path }))
}

const CONTROL = fileURLToPath(new URL('./sandbox-control.ts', import.meta.url))
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href

/** The supervisor's stop, kill and cleanup commands for a sandbox (sandbox-control.ts). */
export function controlArgv(jobDir: string) {
  const control = (...args: string[]) => [process.execPath, '--import', TSX_LOADER, CONTROL, ...args]
  return {
    stopArgv: control('signal', jobDir, 'SIGTERM'),
    killArgv: control('signal', jobDir, 'SIGKILL'),
    cleanupArgv: control('cleanup', jobDir),
  }
}
