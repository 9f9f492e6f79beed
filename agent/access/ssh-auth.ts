import { timingSafeEqual } from 'node:crypto'
import ssh2, { type ParsedKey, type PublicKeyAuthContext } from 'ssh2'

// ssh2 is CommonJS: Node's ESM loader sees only its default export.

/** A rental the gateway may let in: running now, with the key its renter put in the job spec. */
export type RentalAccess = {
  rentalId: bigint
  jobDir: string
  /** The job spec's `sshPublicKey` (`ssh-ed25519 AAAA… comment`). */
  publicKey: string
}

/** The running rental with this id and an SSH key in its spec, or undefined. */
export type RentalLookup = (rentalId: bigint) => RentalAccess | undefined

/** Rental ids as the app writes them: decimal, or 0x and hex; up to 256 bits. */
export function rentalIdFromUser(username: string): bigint | undefined {
  if (!/^(0|[1-9]\d{0,77}|0x[0-9a-fA-F]{1,64})$/.test(username)) return undefined
  const id = BigInt(username)
  return id < 2n ** 256n ? id : undefined
}

/** The key an OpenSSH public key line names, or undefined when it cannot be read. */
export function parsePublicKey(line: string): ParsedKey | undefined {
  const parsed = ssh2.utils.parseKey(line.trim())
  const key = Array.isArray(parsed) ? parsed[0] : parsed
  return !key || key instanceof Error || key.isPrivateKey() ? undefined : key
}

/**
 * Whether a public key attempt offers exactly the authorized key and, when it carries a
 * signature, whether the signature over the session's data verifies with that key.
 * `offered` without a signature only asks whether the key would do (OpenSSH asks first).
 */
export function checkPublicKey(
  authorized: string,
  attempt: Pick<PublicKeyAuthContext, 'key' | 'signature' | 'blob' | 'hashAlgo'>,
): 'offered' | 'verified' | 'refused' {
  const key = parsePublicKey(authorized)
  if (!key) return 'refused'
  const blob = key.getPublicSSH()
  const data = attempt.key.data
  if (data.length !== blob.length || !timingSafeEqual(data, blob)) return 'refused'
  if (!attempt.signature || !attempt.blob) return 'offered'
  const ok = key.verify(attempt.blob, attempt.signature, attempt.hashAlgo)
  return ok === true ? 'verified' : 'refused'
}
