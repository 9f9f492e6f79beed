import { execFile } from 'node:child_process'
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
} from 'node:fs'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { isErrno, jobFile } from './job-files'
import { JobStartError } from './runner'

/**
 * A job's disk share, enforced by the agent on any filesystem: the workspace is an ext4 image file
 * of exactly the rented size, loop-mounted (nosuid, nodev) where the job sees its files. Writing
 * past it fails with ENOSPC inside the job and nowhere else. Not tied to Docker: any runner that
 * can bind a host directory into its job uses it (the container and sandbox runners do). The
 * space is reserved (fallocate), not sparse: what was sold is there when the job writes it.
 *
 * Lifecycle: `createWorkspaceImage` in prepare (fallocate reserves the space, so a full host disk
 * refuses the job before it is started on-chain), `mountWorkspace` just before the job starts,
 * `unmountWorkspace` once it has ended. The image file stays in the job dir with the renter's files
 * until the job dir itself is removed.
 */

const run = promisify(execFile)
const COMMAND_TIMEOUT_MS = 60_000

/** The image file holding a job's workspace, beside the job's other files. */
export const workspaceImage = (jobDir: string): string => jobFile(jobDir, 'workspace.img')

/**
 * Creates the workspace image of `sizeMiB`, its root owned by `uid` (the job's user). Idempotent:
 * an image of the right size is kept (it may already hold the renter's files).
 */
export async function createWorkspaceImage(image: string, sizeMiB: number, uid: number): Promise<void> {
  const bytes = sizeMiB * 1024 * 1024
  if (existsSync(image) && statSync(image).size === bytes) return
  const partial = `${image}.${process.pid}.partial`
  try {
    await run('fallocate', ['--length', String(bytes), partial], { timeout: COMMAND_TIMEOUT_MS })
    // nodiscard: discarding would punch holes in the file and give back the space just reserved.
    const options = `nodiscard,root_owner=${uid}:${uid}`
    await run('mkfs.ext4', ['-q', '-F', '-m', '0', '-L', 'workspace', '-E', options, partial], {
      timeout: COMMAND_TIMEOUT_MS,
    })
    renameSync(partial, image)
  } catch (error) {
    rmSync(partial, { force: true })
    throw new JobStartError(`a workspace of ${sizeMiB} MiB could not be created: ${reason(error)}`)
  }
}

/** Mounts the image at `dir` (created if missing) unless it is mounted there already. */
export async function mountWorkspace(image: string, dir: string): Promise<void> {
  if (isMountPoint(dir)) return
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  try {
    await run('mount', ['-o', 'loop,nosuid,nodev,noatime', image, dir], { timeout: COMMAND_TIMEOUT_MS })
  } catch (error) {
    throw new JobStartError(`the workspace could not be mounted: ${reason(error)}`)
  }
  // Owner-only, whatever the job set last time: other users of the host have no business in it.
  chmodSync(dir, 0o700)
  // mkfs leaves a root-owned lost+found the job could neither use nor remove.
  try {
    rmdirSync(join(dir, 'lost+found'))
  } catch (error) {
    if (!isErrno(error, 'ENOENT') && !isErrno(error, 'ENOTEMPTY')) throw error
  }
}

/**
 * Unmounts the workspace at `dir` if it is mounted; lazily when something still holds it (a
 * process that escaped the job's stop), so the quota's loop device is freed once that goes.
 */
export async function unmountWorkspace(dir: string): Promise<void> {
  if (!isMountPoint(dir)) return
  try {
    await run('umount', [dir], { timeout: COMMAND_TIMEOUT_MS })
  } catch {
    await run('umount', ['--lazy', dir], { timeout: COMMAND_TIMEOUT_MS })
  }
}

/**
 * Gives back the disk reserved for a job that was prepared but will never start: unmounts its
 * workspace if mounted and removes the image (it holds nothing of the renter's yet). A job that
 * was started (its job.json exists) keeps its workspace: those files are the renter's.
 */
export async function discardWorkspace(jobDir: string): Promise<boolean> {
  if (existsSync(jobFile(jobDir, 'job.json'))) return false
  await unmountWorkspace(jobFile(jobDir, 'work'))
  rmSync(workspaceImage(jobDir), { force: true })
  return true
}

/** Whether `dir` is a mount point in this process's mount namespace. */
export function isMountPoint(dir: string): boolean {
  const target = resolve(dir)
  const mountinfo = readFileSync('/proc/self/mountinfo', 'utf8')
  return mountinfo.split('\n').some((line) => unescapeMountPath(line.split(' ')[4] ?? '') === target)
}

// mountinfo writes space, tab, newline and backslash in paths as octal escapes.
const unescapeMountPath = (path: string): string =>
  path.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)))

function reason(error: unknown): string {
  if (error && typeof error === 'object' && 'stderr' in error && typeof error.stderr === 'string') {
    const line = error.stderr.trim().split('\n').at(-1)
    if (line) return line
  }
  return error instanceof Error ? error.message : String(error)
}
