/*
 * PROTOCOL.md holds generated parts between the markers `<!-- generated: NAME -->` and
 * `<!-- end generated: NAME -->`, rewritten by `npm run docs:openapi`; its test vectors are fenced
 * JSON blocks right after `<!-- vector: NAME -->`.
 */

function span(markdown: string, name: string) {
  const start = `<!-- generated: ${name} -->`
  const end = `<!-- end generated: ${name} -->`
  const from = markdown.indexOf(start)
  const to = markdown.indexOf(end)
  if (from < 0 || to < from) throw new Error(`PROTOCOL.md has no generated block ${JSON.stringify(name)}`)
  return { from: from + start.length, to }
}

/** The text of the generated block `name`, without the blank lines around it. */
export function generatedBlock(markdown: string, name: string): string {
  const { from, to } = span(markdown, name)
  return markdown.slice(from, to).trim()
}

/** `markdown` with the block `name` holding `text`. */
export function replaceGeneratedBlock(markdown: string, name: string, text: string): string {
  const { from, to } = span(markdown, name)
  return `${markdown.slice(0, from)}\n\n${text.trim()}\n\n${markdown.slice(to)}`
}

/** `value` as a fenced JSON block. */
export function jsonFence(value: unknown): string {
  return `\`\`\`json\n${JSON.stringify(value, null, 2)}\n\`\`\``
}

/** The test vectors by name. */
export function readVectors(markdown: string): Map<string, unknown> {
  const vectors = new Map<string, unknown>()
  for (const match of markdown.matchAll(/<!-- vector: ([a-z0-9-]+) -->\s*```json\n([\s\S]*?)\n```/g)) {
    const [, name = '', body = ''] = match
    if (vectors.has(name)) throw new Error(`PROTOCOL.md has two vectors named ${name}`)
    vectors.set(name, JSON.parse(body))
  }
  return vectors
}
