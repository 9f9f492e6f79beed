/**
 * One autocannon run in a process of its own, so the same load can be started inside a job's
 * network namespace (`nsenter --net=…`) and outside it: `load-run.ts <url> <connections> <seconds>
 * [headers JSON]`. Prints the figures as one JSON line.
 */
import autocannon from 'autocannon'
import { loadFigures } from './load-figures'

const [url, connections, seconds, headers] = process.argv.slice(2)
if (!url || !connections || !seconds)
  throw new Error('usage: load-run.ts <url> <connections> <seconds> [headers JSON]')
const result = await autocannon({
  url,
  connections: Number(connections),
  duration: Number(seconds),
  headers: headers ? (JSON.parse(headers) as Record<string, string>) : {},
})
process.stdout.write(`${JSON.stringify(loadFigures(result))}\n`)
