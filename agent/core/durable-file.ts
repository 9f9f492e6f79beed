import { closeSync, fsyncSync, linkSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs'
import { dirname } from 'node:path'

/**
 * Files the agent keeps secrets and promises in (its state, a job's spec and environment): owner
 * only, and durable. A rename is atomic but not durable by itself: after a power cut the folder
 * may still name the old file, or a new name may point at data never written. So the data is
 * synced before the rename, and the folder after it.
 */

function writeSynced(path: string, text: string): void {
  const fd = openSync(path, 'w', 0o600)
  try {
    writeSync(fd, text)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

function syncFolder(path: string): void {
  const fd = openSync(dirname(path), 'r')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

/** Replaces `path` with `text` atomically and durably (write aside, sync, rename, sync the folder). */
export function replaceFileDurably(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`
  writeSynced(temporary, text)
  renameSync(temporary, path)
  syncFolder(path)
}

/**
 * Creates `path` with `text`, failing with EEXIST when it exists: a hard link is atomic and
 * exclusive, so two writers cannot both succeed and no reader sees half a file.
 */
export function createFileDurably(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.new`
  writeSynced(temporary, text)
  try {
    linkSync(temporary, path)
  } finally {
    unlinkSync(temporary)
    syncFolder(path)
  }
}
