import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { compileContracts } from './lib/compile-contracts'

const root = path.resolve(import.meta.dirname, '..')
const started = Date.now()
for (const [file, text] of compileContracts()) {
  writeFileSync(path.join(root, file), text)
  console.log(`wrote ${file}`)
}
console.log(`compiled in ${((Date.now() - started) / 1000).toFixed(1)} s`)
