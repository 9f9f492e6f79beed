import { existsSync, mkdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { z } from 'zod'
import { type DemoStack, startDemoStack } from '../../scripts/lib/demo-stack'
import { buildIfStale, buildIsFresh } from '../../scripts/lib/next-build'
import { chromiumPath } from '../harness/browser'
import { artifactsDir, e2eStackOptions } from './e2e-stack'
import './provided'

const root = path.resolve(import.meta.dirname, '../..')

const providerList = z.object({
  providers: z.array(z.object({ address: z.string(), offerCount: z.number() })),
})

/** Waits until the aggregator lists offers from each of `providers` (the reliable agents). */
async function waitForOffers(appUrl: string, providers: string[], timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let listed = 0
  while (Date.now() < deadline) {
    const response = await fetch(`${appUrl}/api/providers`).catch(() => undefined)
    if (response?.ok) {
      const body = providerList.parse(await response.json())
      const withOffers = new Set(
        body.providers.filter((p) => p.offerCount > 0).map((p) => p.address.toLowerCase()),
      )
      listed = providers.filter((p) => withOffers.has(p.toLowerCase())).length
      if (listed === providers.length) return
    }
    await new Promise((r) => setTimeout(r, 1000))
  }
  throw new Error(
    `the app listed offers from ${listed} of ${providers.length} providers after ${timeoutMs / 1000} s`,
  )
}

/** Starts one stack for the whole run and stops it afterwards. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`no Chromium at ${chromiumPath}: install it (apt-get install -y chromium)`)
  }
  // `npm test` builds right before this runs. Alone, the suite builds only when there is no build:
  // sources change all the time during development, and a build takes minutes.
  if (!existsSync(path.join(root, '.next/BUILD_ID'))) await buildIfStale(process.env)
  else if (!buildIsFresh()) console.warn('e2e: .next is older than the sources; `npm run build` to test them')
  rmSync(artifactsDir, { recursive: true, force: true })
  mkdirSync(artifactsDir, { recursive: true })
  const started = Date.now()
  const stack: DemoStack = await startDemoStack(e2eStackOptions)
  try {
    await waitForOffers(
      stack.appUrl,
      stack.agents.filter((a) => !a.flaky).map((a) => a.provider),
    )
  } catch (error) {
    await stack.stop()
    throw error
  }
  console.log(
    `e2e stack up in ${((Date.now() - started) / 1000).toFixed(1)} s at ${stack.appUrl} (logs in ${e2eStackOptions.dataDir}/logs and agents/)`,
  )
  project.provide('e2e', {
    appUrl: stack.appUrl,
    rpcUrl: stack.rpcUrl,
    artifactsDir,
    market: stack.deployment.market,
    token: stack.deployment.token,
    agents: stack.agents.map((a) => ({ name: a.name, url: a.url, provider: a.provider, flaky: a.flaky })),
  })
  return async () => {
    await stack.stop()
    console.log(`e2e screenshots: ${artifactsDir}`)
  }
}
