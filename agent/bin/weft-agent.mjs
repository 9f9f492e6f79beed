#!/usr/bin/env node
// The agent is written in TypeScript; tsx loads it without a build step.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../cli/main.ts')
const code = await main(process.argv.slice(2))
if (code !== 0 || !process.argv.includes('serve')) process.exit(code)
