import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return error instanceof Error && 'code' in error && error.code === 'EPERM'
  }
}

/**
 * Claims `dir` for this process: a stack wipes its data folder at start, and the app's embedded
 * database must have one process at a time, so a second stack on the same folder is refused while
 * the first one's process lives. Returns the release function.
 */
export function claimDataDir(dir: string): () => void {
  const lock = `${dir}.pid`
  if (existsSync(lock)) {
    const pid = Number(readFileSync(lock, 'utf8').trim())
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
      throw new Error(`${dir} is in use by process ${pid} (another local stack); stop it or use other ports`)
    }
  }
  mkdirSync(path.dirname(lock), { recursive: true })
  writeFileSync(lock, String(process.pid))
  return () => {
    if (existsSync(lock) && readFileSync(lock, 'utf8').trim() === String(process.pid))
      rmSync(lock, { force: true })
  }
}
