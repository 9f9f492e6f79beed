/**
 * Lighthouse (12.2.3, its mobile profile) three times on each page of the app, beside a bare Next.js
 * page of the same Next version built in the same run (bench/bare-next: one client component, a
 * 50-row table), with medians and their ratios to the bare page. The app runs on its own demo stack
 * (`next start` on the existing build: run `next build` first); `/rentals/[id]` is a running rental
 * seen by its renter, signed in. Prints JSON and writes bench/results/lighthouse.json; the full
 * reports go to bench/results/lighthouse/.
 */
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { liveOffer } from '../e2e/harness/offers'
import type { E2eStackInfo } from '../e2e/stack/provided'
import { anvilKeys } from '../lib/chain/anvil-accounts'
import { buildBareNext, startBareNext } from './lib/bare-next'
import { startBenchStack } from './lib/demo-bench-stack'
import { type LighthouseFigures, medianFigures, runLighthouse } from './lib/lighthouse-run'
import { signInCookie, startRunningRental, stillSignedIn } from './lib/running-rental'
import { report, root } from './lib/seeded-app'

const RUNS = 3
const renterKey = anvilKeys[2] ?? '0x'
const dataDir = path.join(root, '.data/bench-lighthouse')
const reportsDir = path.join(root, 'bench/results/lighthouse')

type PageName = 'bare' | '/' | '/offers/[id]' | '/rentals/[id]' | '/provide'

/** Gzip bytes of the scripts a page's HTML loads before any interaction (bench/first-load-js.sh). */
function firstLoadBytes(url: string): number {
  return Number(execFileSync('bash', [path.join(root, 'bench/first-load-js.sh'), url], { encoding: 'utf8' }))
}

/**
 * A live offer's page that the market still serves: a provider replaces its offers every minute or
 * so, and the market then drops the old ones, so one listed a moment ago may be gone.
 */
async function offerPageUrl(info: E2eStackInfo): Promise<string> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const offer = await liveOffer(info, 'frankfurt-h100', 1, 120)
    const url = `${info.appUrl}${offer.path}`
    if ((await fetch(url)).ok) return url
    await new Promise((resolve) => setTimeout(resolve, 1000))
  }
  throw new Error('no offer page of frankfurt-h100 stayed up long enough to measure')
}

const ratio = (value: number, reference: number) => Math.round((value / reference) * 100) / 100

process.stderr.write('building the bare Next.js page…\n')
buildBareNext()
const bare = await startBareNext()
const { stack, info } = await startBenchStack(dataDir)
try {
  const rentalId = await startRunningRental(info, renterKey, 'singapore-h200')
  const rentalPath = `/rentals/0x${rentalId.toString(16).padStart(64, '0')}`
  // Each page once before measuring, so no run pays for the server's first render of a route.
  for (const page of ['/', '/provide', rentalPath]) await fetch(`${stack.appUrl}${page}`)
  await offerPageUrl(info)
  await fetch(bare.base)

  const runs: Record<PageName, LighthouseFigures[]> = {
    bare: [],
    '/': [],
    '/offers/[id]': [],
    '/rentals/[id]': [],
    '/provide': [],
  }
  const sessionsKept: boolean[] = []
  // Pages take turns within each round, so a slower moment of the machine hits all of them alike.
  for (let run = 1; run <= RUNS; run++) {
    const measure = async (name: PageName, url: string, headers?: Record<string, string>) => {
      process.stderr.write(`run ${run}: ${name}\n`)
      const file = `${name === 'bare' ? 'bare' : name.replace(/[^a-z]+/g, '-').replace(/^-|-$/g, '') || 'root'}`
      runs[name].push(
        await runLighthouse(url, { headers, reportPath: path.join(reportsDir, `${file}-${run}.json`) }),
      )
    }
    await measure('bare', bare.base)
    await measure('/', `${stack.appUrl}/`)
    // An offer replaced while Lighthouse loads its page turns into a 404: measure a newer one then.
    for (let attempt = 1; ; attempt++) {
      try {
        await measure('/offers/[id]', await offerPageUrl(info))
        break
      } catch (error) {
        if (attempt === 3 || !String(error).includes('Status code: 404')) throw error
      }
    }
    const cookie = await signInCookie(stack.appUrl, renterKey)
    await measure('/rentals/[id]', `${stack.appUrl}${rentalPath}`, { Cookie: cookie })
    sessionsKept.push(await stillSignedIn(stack.appUrl, cookie))
    await measure('/provide', `${stack.appUrl}/provide`)
  }

  const medians = Object.fromEntries(
    Object.entries(runs).map(([name, figures]) => [name, medianFigures(figures)]),
  ) as Record<PageName, LighthouseFigures>
  const firstLoad = { bare: firstLoadBytes(bare.base), '/': firstLoadBytes(`${stack.appUrl}/`) }
  const home = medians['/']
  const reference = medians.bare
  const ratios = {
    '/': {
      tbt: ratio(home.tbtMs, reference.tbtMs),
      lcp: ratio(home.lcpMs, reference.lcpMs),
      firstLoadJs: ratio(firstLoad['/'], firstLoad.bare),
    },
  }
  const targets = {
    '/ score ≥ 95': home.score >= 95,
    '/ TBT ≤ 1.5 × bare': ratios['/'].tbt <= 1.5,
    '/ LCP ≤ 1.2 × bare': ratios['/'].lcp <= 1.2,
    '/ first-load JS ≤ 1.10 × bare': ratios['/'].firstLoadJs <= 1.1,
    '/offers/[id] score ≥ 90': medians['/offers/[id]'].score >= 90,
    '/rentals/[id] score ≥ 90': medians['/rentals/[id]'].score >= 90,
  }
  await report('lighthouse', {
    lighthouse: '12.2.3 (mobile profile, simulated throttling), Chromium headless',
    runsPerPage: RUNS,
    medians,
    ratios,
    firstLoadGzipBytes: firstLoad,
    targets,
    allTargetsMet: Object.values(targets).every(Boolean),
    rentalSessionStillSignedInAfterEachRun: sessionsKept,
    runs,
  })
} finally {
  await bare.stop()
  await stack.stop()
}
// Job supervisors are detached from their agents by design; the stack's stop ends them.
process.exit(0)
