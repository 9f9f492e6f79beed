/**
 * First-load JavaScript of each page: gzip bytes of the scripts its HTML loads before any
 * interaction, measured with bench/first-load-js.sh against `next start` (run `next build` first).
 * The marketplace `/` has a budget of 200,000 bytes; the other pages are reported for comparison.
 */
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { report, root, startSeededApp } from './lib/seeded-app'

const BUDGET = 200_000
const app = await startSeededApp(1000)
try {
  const listing = (await (await fetch(`${app.base}/api/offers?limit=1`)).json()) as {
    offers: { offer: { offerId: string; provider: string } }[]
  }
  const first = listing.offers[0]?.offer
  const pages = ['/', '/rentals', '/provide']
  if (first) pages.push(`/offers/${first.offerId}?provider=${first.provider}`)
  const bytes: Record<string, number> = {}
  for (const page of pages) {
    const url = `${app.base}${page}`
    await fetch(url) // the first render of a page warms its server code
    const out = execFileSync('bash', [path.join(root, 'bench/first-load-js.sh'), url], { encoding: 'utf8' })
    bytes[page.split('?')[0] ?? page] = Number(out.trim())
  }
  const marketplace = bytes['/'] ?? Number.NaN
  await report('first-load', {
    gzipBytes: bytes,
    marketplace: { bytes: marketplace, budget: BUDGET, withinBudget: marketplace <= BUDGET },
  })
} finally {
  await app.stop()
}
