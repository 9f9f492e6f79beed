import { existsSync } from 'node:fs'
import { anvilBinary } from '../../lib/chain/anvil'

/** Fails fast, with a sentence, when the anvil binary from @foundry-rs/anvil is missing. */
export default function setup() {
  const binary = anvilBinary()
  if (!existsSync(binary)) throw new Error(`anvil binary not found at ${binary}: run npm ci`)
}
