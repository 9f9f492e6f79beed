import { spawnSync } from 'node:child_process'
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs'
import { childEnv } from './job-files'

/**
 * The job's workspace is a file system of its own: a sparse image of exactly the disk the offer
 * sold, formatted ext4 and loop-mounted (nosuid, nodev) on `<jobDir>/work`. Filling it fails
 * with ENOSPC inside the job while the host's disk keeps the rest; the image takes only the
 * space the job wrote. It stays on disk after the job (its files are the renter's) but is
 * unmounted, so no loop device is held.
 */
const TOOL_ENV = childEnv({ PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C' })

function run(argv: readonly string[]): void {
  const [program = '', ...args] = argv
  const result = spawnSync(program, args, { env: TOOL_ENV, encoding: 'utf8', timeout: 60_000 })
  if (result.status !== 0) {
    throw new Error(`${argv.join(' ')} failed: ${(result.stderr || result.error?.message || '').trim()}`)
  }
}

/** True when a file system is mounted exactly on `dir`. */
export function isMountPoint(dir: string): boolean {
  const escaped = dir.replace(/[ \t\n\\]/g, (c) => `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`)
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .some((line) => line.split(' ')[4] === escaped)
}

/** Creates (once) and mounts the workspace image, its root owned by the job's uid and closed to others. */
export function mountWorkspace(input: {
  image: string
  workDir: string
  diskMiB: number
  uid: number
}): void {
  mkdirSync(input.workDir, { recursive: true, mode: 0o700 })
  if (isMountPoint(input.workDir)) return
  if (!existsSync(input.image)) {
    const fd = openSync(input.image, 'wx', 0o600)
    closeSync(fd)
    // Sparse: the host's disk is used only as the job writes. No blocks reserved for root: the
    // job's share is all of it.
    run(['truncate', '-s', `${input.diskMiB}M`, input.image])
    run(['mkfs.ext4', '-q', '-F', '-m', '0', '-E', `root_owner=${input.uid}:${input.uid}`, input.image])
  }
  run(['mount', '-o', 'loop,nosuid,nodev,noatime', input.image, input.workDir])
  chmodSync(input.workDir, 0o700)
}

/** Unmounts the workspace (lazily when something still holds it: the loop device goes once it is free). */
export function unmountWorkspace(workDir: string): void {
  if (!isMountPoint(workDir)) return
  const [program = '', ...args] = ['umount', workDir]
  const result = spawnSync(program, args, { env: TOOL_ENV, encoding: 'utf8', timeout: 30_000 })
  if (result.status !== 0) run(['umount', '-l', workDir])
}
