import { Readable } from 'node:stream'
import { HttpError } from '../http/responses'
import type { JobAccess } from '../jobs/job-exec'
import { spawnOnPipes } from './job-process'

/**
 * The workspace's files over HTTP while the job runs. Every read and write is a small shell
 * program run inside the job by the runner's exec: as the job's user, in the job's own mount
 * namespace. A path (or a symlink) can therefore lead only where the job itself can go; the agent
 * never opens a path of the job's on the host. Paths are checked here too: relative, no `.`/`..`
 * segments, no control characters.
 */

export const WORKSPACE = '/workspace'
const MAX_LISTING_BYTES = 4 * 1024 * 1024
const NOT_FOUND = 3
const NOT_A_DIRECTORY = 4

export type FileEntry = { name: string; size: number; mtime: number; dir: boolean }

/** A relative path in the workspace, checked segment by segment; 400 naming the problem otherwise. */
export function workspacePath(text: string, what = 'path'): string {
  let decoded: string
  try {
    decoded = decodeURIComponent(text)
  } catch {
    throw new HttpError('invalid', `the ${what} is not valid percent-encoding`)
  }
  const segments = decoded.split('/').filter((s) => s !== '')
  if (decoded.length > 4096) throw new HttpError('invalid', `the ${what} is longer than 4096 characters`)
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (/[\x00-\x1f\x7f]/.test(decoded)) throw new HttpError('invalid', `the ${what} holds control characters`)
  if (segments.some((s) => s === '.' || s === '..'))
    throw new HttpError('invalid', `the ${what} may not hold . or ..`)
  return segments.join('/')
}

const quote = (text: string) => `'${text.replaceAll("'", "'\\''")}'`

async function runInJob(runner: JobAccess, jobDir: string, command: string) {
  const plan = await runner.exec(jobDir, { program: { kind: 'command', command } }).catch(() => undefined)
  if (!plan) throw new HttpError('conflict', 'the job is not running')
  const process = spawnOnPipes(plan)
  const exit = new Promise<number>((resolve) => {
    process.child.once('error', () => resolve(127))
    process.child.once('close', (code) => resolve(code ?? 255))
  })
  let stderr = ''
  process.child.stderr.on('data', (chunk: Buffer) => {
    if (stderr.length < 4096) stderr += chunk.toString('utf8')
  })
  return { ...process, exit, stderr: () => stderr }
}

/** The entries of `outputs/<dir>`: name, size, mtime (Unix seconds) and whether it is a directory. */
export async function listOutputs(runner: JobAccess, jobDir: string, dir: string): Promise<FileEntry[]> {
  const path = dir ? `${WORKSPACE}/outputs/${dir}` : `${WORKSPACE}/outputs`
  const script = `cd -- ${quote(path)} 2>/dev/null || { [ -e ${quote(path)} ] && exit ${NOT_A_DIRECTORY}; exit ${NOT_FOUND}; }
ls -A | while IFS= read -r f; do stat -c '%f %s %Y %n' -- "$f" 2>/dev/null; done`
  const run = await runInJob(runner, jobDir, script)
  const chunks: Buffer[] = []
  let bytes = 0
  run.child.stdout.on('data', (chunk: Buffer) => {
    bytes += chunk.length
    if (bytes <= MAX_LISTING_BYTES) chunks.push(chunk)
    else run.kill()
  })
  const code = await run.exit
  // A job that has not made outputs/ (yet) has nothing in it; a folder asked for inside it must exist.
  if (code === NOT_FOUND && dir === '') return []
  if (code === NOT_FOUND) throw new HttpError('not_found', `outputs/${dir} does not exist in the workspace`)
  if (code === NOT_A_DIRECTORY) throw new HttpError('invalid', `outputs/${dir} is not a directory`)
  if (bytes > MAX_LISTING_BYTES)
    throw new HttpError('payload_too_large', `outputs/${dir} holds too many entries to list`)
  if (code !== 0) throw new HttpError('conflict', 'the listing could not be made inside the job')
  return Buffer.concat(chunks)
    .toString('utf8')
    .split('\n')
    .flatMap((line): FileEntry[] => {
      const match = /^([0-9a-f]+) (\d+) (\d+) (.+)$/.exec(line)
      if (!match) return []
      const type = Number.parseInt(match[1] ?? '0', 16) & 0o170000
      return [
        { name: match[4] ?? '', size: Number(match[2]), mtime: Number(match[3]), dir: type === 0o040000 },
      ]
    })
    .sort((a, b) => a.name.localeCompare(b.name))
}

/** A regular file of the workspace, streamed from inside the job, as a download. */
export async function downloadFile(runner: JobAccess, jobDir: string, path: string): Promise<Response> {
  const full = `${WORKSPACE}/${path}`
  const run = await runInJob(
    runner,
    jobDir,
    `[ -f ${quote(full)} ] || exit ${NOT_FOUND}; stat -L -c %s -- ${quote(full)} && exec cat -- ${quote(full)}`,
  )
  const size = await firstLine(run.child.stdout)
  if (size === undefined || !/^\d+$/.test(size)) {
    const code = await run.exit
    if (code === NOT_FOUND) throw new HttpError('not_found', `${path} is not a file in the workspace`)
    throw new HttpError('conflict', `${path} could not be read inside the job`)
  }
  const name = path.split('/').pop() ?? 'download'
  return new Response(Readable.toWeb(run.child.stdout) as ReadableStream, {
    headers: {
      'content-type': 'application/octet-stream',
      'content-length': size,
      'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(name)}`,
    },
  })
}

/** Writes the body to `path` in the workspace (directories made as needed); the workspace's quota bounds it. */
export async function uploadFile(
  runner: JobAccess,
  jobDir: string,
  path: string,
  body: ReadableStream<Uint8Array> | null,
): Promise<{ path: string; size: number }> {
  const full = `${WORKSPACE}/${path}`
  const script = `mkdir -p -- "$(dirname -- ${quote(full)})" && cat > ${quote(full)} && stat -c %s -- ${quote(full)}`
  const run = await runInJob(runner, jobDir, script)
  let out = ''
  run.child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8')
  })
  if (body) Readable.fromWeb(body as never).pipe(run.child.stdin)
  else run.child.stdin.end()
  const code = await run.exit
  if (code !== 0) {
    if (/no space/i.test(run.stderr()))
      throw new HttpError('payload_too_large', 'the workspace is full (its quota is the disk the offer sold)')
    throw new HttpError('conflict', `${path} could not be written inside the job`)
  }
  return { path, size: Number(out.trim()) }
}

/** The first line of a stream, the rest left in it (paused); undefined when it ends first. */
function firstLine(stream: Readable): Promise<string | undefined> {
  return new Promise((resolve) => {
    let seen = Buffer.alloc(0)
    const onData = (chunk: Buffer) => {
      seen = Buffer.concat([seen, chunk])
      const at = seen.indexOf(10)
      if (at < 0) return
      stream.off('data', onData)
      stream.off('end', onEnd)
      stream.pause()
      const rest = seen.subarray(at + 1)
      if (rest.length > 0) stream.unshift(rest)
      resolve(seen.subarray(0, at).toString('utf8'))
    }
    const onEnd = () => resolve(undefined)
    stream.on('data', onData)
    stream.once('end', onEnd)
  })
}
