import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import {
  agentOpenApi,
  marketOpenApi,
  OPENAPI_FILES,
  PROTOCOL_FILE,
  protocolBlocks,
} from '@/lib/protocol/api-catalog/documents'
import { replaceGeneratedBlock } from '@/lib/protocol/api-catalog/generated-blocks'

/**
 * `npm run docs:openapi`: writes the agent's and the market's OpenAPI documents from the route
 * catalogs in lib/protocol/api-catalog/, and the generated parts of PROTOCOL.md
 * (the job spec's JSON Schema, the route references). A unit
 * test fails while the committed files differ from what this writes.
 */

const root = join(import.meta.dirname, '..')

const documents = [
  [OPENAPI_FILES.agent, agentOpenApi()],
  [OPENAPI_FILES.market, marketOpenApi()],
] as const
for (const [file, document] of documents) {
  mkdirSync(dirname(join(root, file)), { recursive: true })
  writeFileSync(join(root, file), `${JSON.stringify(document, null, 2)}\n`)
}
// The repository's formatter has the last word on layout, so `npm run lint` passes after this.
execFileSync(
  join(root, 'node_modules/.bin/biome'),
  ['format', '--write', ...documents.map(([file]) => file)],
  {
    cwd: root,
    stdio: 'inherit',
  },
)

const protocol = join(root, PROTOCOL_FILE)
let markdown = readFileSync(protocol, 'utf8')
for (const [name, text] of Object.entries(protocolBlocks()))
  markdown = replaceGeneratedBlock(markdown, name, text)
writeFileSync(protocol, markdown)
console.log(`wrote ${documents.map(([file]) => file).join(', ')} and the generated parts of ${PROTOCOL_FILE}`)
