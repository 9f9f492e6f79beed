import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { compileContracts } from '../../scripts/lib/compile-contracts'

const root = path.resolve(import.meta.dirname, '../..')

describe('generated contract bindings', () => {
  it('are what compiling the Solidity sources produces now (run `npm run contracts:build`)', () => {
    for (const [file, text] of compileContracts()) {
      expect(readFileSync(path.join(root, file), 'utf8'), `${file} is stale`).toBe(text)
    }
  })
})
