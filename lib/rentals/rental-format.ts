/** "0x1234ab…cdef": a transaction hash short enough for a row, long enough to recognise. */
export function shortHash(hash: string): string {
  return hash.length > 16 ? `${hash.slice(0, 8)}…${hash.slice(-6)}` : hash
}

/** GPU model ids read better with spaces: "H100-SXM-80GB" → "H100 SXM 80GB". */
export function gpuLabel(model: string | null, count: number | null): string {
  const name = model ? model.replaceAll('-', ' ') : 'GPU'
  return count && count > 1 ? `${count} × ${name}` : name
}
