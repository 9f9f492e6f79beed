import { execFile } from 'node:child_process'
import {
  constants,
  createReadStream,
  existsSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  rmSync,
} from 'node:fs'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { promisify } from 'node:util'
import { HttpError } from '../http/responses'
import { jobExitSchema, jobFile, readJobFile } from '../jobs/job-files'
import { isMountPoint, unmountWorkspace, workspaceImage } from '../jobs/workspace-quota'
import type { FileEntry } from './workspace-files'

const run = promisify(execFile)

/**
 * A rental's `outputs/` once its job has ended: readable for `retentionSeconds` after the job's
 * end (exit.json's `endedAt`), then deleted with the rest of the workspace image. The image is
 * mounted read-only (no journal replay, nosuid, nodev, noexec) at `<jobDir>/kept` on first use;
 * nothing writes to it any more, and paths are walked component by component with lstat, so a
 * symlink the job left (to anywhere) is never followed.
 */
export class KeptOutputs {
  private readonly mounting = new Map<string, Promise<string>>()

  constructor(
    private readonly retentionSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether the ended job in `jobDir` still has its outputs kept. */
  kept(jobDir: string): boolean {
    const exit = readJobFile(jobDir, 'exit.json', jobExitSchema)
    return (
      exit !== undefined && this.now() < this.deadline(exit.endedAt) && existsSync(workspaceImage(jobDir))
    )
  }

  /** Whether the job in `jobDir` has not ended yet (no exit.json) and its workspace is still there: it is stopping. */
  stopping(jobDir: string): boolean {
    return readJobFile(jobDir, 'exit.json', jobExitSchema) === undefined && existsSync(workspaceImage(jobDir))
  }

  /** Lists `outputs/<dir>` of an ended job; a job that never made `outputs/` kept nothing in it. */
  async list(jobDir: string, dir: string): Promise<FileEntry[]> {
    if (dir === '' && this.kept(jobDir) && !existsSync(join(await this.mount(jobDir), 'outputs'))) return []
    const path = await this.resolve(jobDir, dir, 'dir')
    return readdirSync(path)
      .flatMap((name): FileEntry[] => {
        const stat = lstatSync(join(path, name), { throwIfNoEntry: false })
        if (!stat) return []
        return [{ name, size: stat.size, mtime: Math.floor(stat.mtimeMs / 1000), dir: stat.isDirectory() }]
      })
      .sort((a, b) => a.name.localeCompare(b.name))
  }

  /** Downloads `outputs/<path>`, a regular file, of an ended job. */
  async download(jobDir: string, path: string): Promise<Response> {
    const full = await this.resolve(jobDir, path, 'file')
    const fd = openSync(full, constants.O_RDONLY | constants.O_NOFOLLOW)
    const name = path.split('/').pop() ?? 'download'
    return new Response(Readable.toWeb(createReadStream('', { fd })) as ReadableStream, {
      headers: {
        'content-type': 'application/octet-stream',
        'content-length': String(lstatSync(full).size),
        'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(name)}`,
      },
    })
  }

  /** Unmounts and deletes the workspaces of ended jobs past their retention; returns how many. */
  async sweep(jobDirs: Iterable<string>): Promise<number> {
    let removed = 0
    for (const jobDir of jobDirs) {
      const exit = readJobFile(jobDir, 'exit.json', jobExitSchema)
      if (!exit || this.now() < this.deadline(exit.endedAt) || !existsSync(workspaceImage(jobDir))) continue
      await unmountWorkspace(join(jobDir, 'kept'))
      if (isMountPoint(jobFile(jobDir, 'work'))) continue // still held by a job being stopped
      rmSync(join(jobDir, 'kept'), { recursive: true, force: true })
      rmSync(workspaceImage(jobDir), { force: true })
      removed++
    }
    return removed
  }

  private deadline(endedAtMs: number): number {
    return endedAtMs + this.retentionSeconds * 1000
  }

  /** The host path of `outputs/<relative>`, every component a real directory (and the last of `kind`). */
  private async resolve(jobDir: string, relative: string, kind: 'dir' | 'file'): Promise<string> {
    if (!this.kept(jobDir)) throw new HttpError('not_found', 'the outputs of this rental are no longer kept')
    const root = await this.mount(jobDir)
    let path = root
    const segments = ['outputs', ...relative.split('/').filter((s) => s !== '')]
    for (const [i, segment] of segments.entries()) {
      path = join(path, segment)
      const stat = lstatSync(path, { throwIfNoEntry: false })
      const last = i === segments.length - 1
      const ok = stat && (last && kind === 'file' ? stat.isFile() : stat.isDirectory())
      if (!ok)
        throw new HttpError(
          'not_found',
          `outputs/${relative} is not a ${kind === 'file' ? 'file' : 'folder'} in the kept outputs`,
        )
    }
    return path
  }

  /** The kept workspace, mounted read-only (once, however many ask at a time). */
  private mount(jobDir: string): Promise<string> {
    const pending = this.mounting.get(jobDir) ?? this.mountOnce(jobDir)
    this.mounting.set(jobDir, pending)
    return pending.finally(() => this.mounting.delete(jobDir))
  }

  /** 409 while the job's own mount is still there. */
  private async mountOnce(jobDir: string): Promise<string> {
    const dir = join(jobDir, 'kept')
    if (isMountPoint(dir)) return dir
    if (isMountPoint(jobFile(jobDir, 'work')))
      throw new HttpError('conflict', 'the job is still stopping; try again shortly')
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    await run('mount', ['-o', 'loop,ro,noload,nosuid,nodev,noexec', workspaceImage(jobDir), dir], {
      timeout: 60_000,
    })
    return dir
  }
}
