/**
 * One Lighthouse performance run (its default mobile profile: simulated slow 4G and a 4× slower
 * CPU) against Debian's Chromium, headless, in a fresh browser each time.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import * as chromeLauncher from 'chrome-launcher'
import lighthouse from 'lighthouse'
import { chromiumPath } from '../../e2e/harness/browser'

export type LighthouseFigures = {
  /** The performance category's score, 0–100. */
  score: number
  tbtMs: number
  lcpMs: number
  fcpMs: number
  speedIndexMs: number
  cls: number
  /** Main-thread time spent on script evaluation, parsing and compiling (the bootup-time audit). */
  scriptBootupMs: number
}

const chromeFlags = ['--headless=new', '--no-sandbox', '--disable-background-networking']

function numeric(audits: Record<string, { numericValue?: number }>, id: string): number {
  const value = audits[id]?.numericValue
  if (value === undefined) throw new Error(`Lighthouse's report has no figure for ${id}`)
  return value
}

/**
 * Runs Lighthouse's performance category on `url` and returns its figures; the whole report is
 * saved as `reportPath` (the bootup-time, long-tasks and treemap audits are in it).
 */
export async function runLighthouse(
  url: string,
  options: { headers?: Record<string, string>; reportPath: string },
): Promise<LighthouseFigures> {
  const chrome = await chromeLauncher.launch({ chromePath: chromiumPath, chromeFlags, logLevel: 'error' })
  try {
    const result = await lighthouse(url, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance'],
      extraHeaders: options.headers ?? null,
    })
    if (!result) throw new Error(`Lighthouse returned nothing for ${url}`)
    const { lhr } = result
    if (lhr.runtimeError) throw new Error(`Lighthouse failed on ${url}: ${lhr.runtimeError.message}`)
    mkdirSync(path.dirname(options.reportPath), { recursive: true })
    writeFileSync(options.reportPath, JSON.stringify(lhr))
    const score = lhr.categories.performance?.score
    if (score === null || score === undefined) throw new Error(`Lighthouse gave ${url} no performance score`)
    return {
      score: Math.round(score * 100),
      tbtMs: numeric(lhr.audits, 'total-blocking-time'),
      lcpMs: numeric(lhr.audits, 'largest-contentful-paint'),
      fcpMs: numeric(lhr.audits, 'first-contentful-paint'),
      speedIndexMs: numeric(lhr.audits, 'speed-index'),
      cls: numeric(lhr.audits, 'cumulative-layout-shift'),
      scriptBootupMs: numeric(lhr.audits, 'bootup-time'),
    }
  } finally {
    await chrome.kill()
  }
}

/** The median of each figure over several runs (the middle run's value for three). */
export function medianFigures(runs: readonly LighthouseFigures[]): LighthouseFigures {
  if (runs.length === 0) throw new Error('no Lighthouse runs to take a median of')
  const median = (pick: (figures: LighthouseFigures) => number) => {
    const sorted = runs.map(pick).sort((a, b) => a - b)
    const middle = Math.floor(sorted.length / 2)
    const value =
      sorted.length % 2 === 1
        ? (sorted[middle] ?? Number.NaN)
        : ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2
    return Math.round(value * 1000) / 1000
  }
  return {
    score: median((f) => f.score),
    tbtMs: median((f) => f.tbtMs),
    lcpMs: median((f) => f.lcpMs),
    fcpMs: median((f) => f.fcpMs),
    speedIndexMs: median((f) => f.speedIndexMs),
    cls: median((f) => f.cls),
    scriptBootupMs: median((f) => f.scriptBootupMs),
  }
}
