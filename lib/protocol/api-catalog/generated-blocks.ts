/*
 * PROTOCOL.md holds generated parts between markers, `<!-- generated: NAME -->` and
 * `<!-- end generated: NAME -->`, each a fenced JSON block rewritten by `npm run docs:openapi`.
 */

function markers(name: string) {
  return { start: `<!-- generated: ${name} -->`, end: `<!-- end generated: ${name} -->` }
}

function span(markdown: string, name: string) {
  const { start, end } = markers(name)
  const from = markdown.indexOf(start)
  const to = markdown.indexOf(end)
  if (from < 0 || to < from) throw new Error(`PROTOCOL.md has no generated block ${JSON.stringify(name)}`)
  return { from: from + start.length, to }
}

/** The JSON value a generated block holds. */
export function readGeneratedBlock(markdown: string, name: string): unknown {
  const { from, to } = span(markdown, name)
  const fenced = /^\s*```json\n([\s\S]*)\n```\s*$/.exec(markdown.slice(from, to))
  if (!fenced?.[1]) throw new Error(`the generated block ${JSON.stringify(name)} is not one fenced JSON block`)
  return JSON.parse(fenced[1])
}

/** `markdown` with the block `name` holding `value`, pretty-printed. */
export function writeGeneratedBlock(markdown: string, name: string, value: unknown): string {
  const { from, to } = span(markdown, name)
  return `${markdown.slice(0, from)}\n\`\`\`json\n${JSON.stringify(value, null, 2)}\n\`\`\`\n${markdown.slice(to)}`
}

/**
 * The test vectors of PROTOCOL.md: each a fenced JSON block right after `<!-- vector: NAME -->`,
 * by name.
 */
export function readVectors(markdown: string): Map<string, unknown> {
  const vectors = new Map<string, unknown>()
  for (const match of markdown.matchAll(/<!-- vector: ([a-z0-9-]+) -->\s*```json\n([\s\S]*?)\n```/g)) {
    const [, name = '', body = ''] = match
    if (vectors.has(name)) throw new Error(`PROTOCOL.md has two vectors named ${name}`)
    vectors.set(name, JSON.parse(body))
  }
  return vectors
}
