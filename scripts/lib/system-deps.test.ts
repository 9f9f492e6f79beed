import { describe, expect, it } from 'vitest'
import { missingPackages, SYSTEM_NEEDS } from './system-deps'

describe('missingPackages', () => {
  it('names the Debian package of each missing program, and nothing when all are there', () => {
    expect(missingPackages(() => true)).toEqual([])
    const absent = new Set(['/usr/bin/chromium', '/usr/bin/bwrap'])
    expect(missingPackages((file) => !absent.has(file))).toEqual(['chromium', 'bubblewrap'])
    expect(missingPackages(() => false)).toEqual(SYSTEM_NEEDS.map((need) => need.pkg))
  })
})
