import { createHash } from 'node:crypto'
import { chmodSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import ssh2, { type ParsedKey } from 'ssh2'

// ssh2 is CommonJS: Node's ESM loader sees only its default export.
import { createFileDurably } from '../core/durable-file'
import { isErrno } from '../jobs/job-files'

/**
 * The SSH gateway's host key: an Ed25519 key generated once (node:crypto, through ssh2's
 * OpenSSH encoding) into `<dataDir>/ssh/ssh_host_ed25519_key`, owner-only, and kept across
 * restarts so renters' known_hosts stay valid. Its fingerprint is printed as OpenSSH prints it.
 */
export type HostKey = {
  /** The private key, OpenSSH format. */
  privateKey: string
  /** `ssh-ed25519 AAAA…`: a known_hosts entry's key part. */
  publicKey: string
  /** `SHA256:` and the unpadded base64 of the public key blob's SHA-256, as `ssh-keygen -l` shows. */
  fingerprint: string
}

export function loadOrCreateHostKey(dataDir: string): HostKey {
  const dir = join(dataDir, 'ssh')
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  chmodSync(dir, 0o700)
  const file = join(dir, 'ssh_host_ed25519_key')
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    if (!isErrno(error, 'ENOENT')) throw error
    const generated = ssh2.utils.generateKeyPairSync('ed25519')
    try {
      createFileDurably(file, generated.private)
    } catch (raced) {
      if (!isErrno(raced, 'EEXIST')) throw raced
    }
    text = readFileSync(file, 'utf8')
  }
  chmodSync(file, 0o600)
  const parsed = parseOne(text, file)
  const blob = parsed.getPublicSSH()
  return {
    privateKey: text,
    publicKey: `${parsed.type} ${blob.toString('base64')}`,
    fingerprint: sshFingerprint(blob),
  }
}

export const sshFingerprint = (publicBlob: Buffer): string =>
  `SHA256:${createHash('sha256').update(publicBlob).digest('base64').replace(/=+$/, '')}`

function parseOne(text: string, file: string): ParsedKey {
  const parsed = ssh2.utils.parseKey(text)
  const key = Array.isArray(parsed) ? parsed[0] : parsed
  if (!key || key instanceof Error) {
    throw new Error(`${file} is not an SSH private key: ${key instanceof Error ? key.message : 'empty'}`)
  }
  return key
}
