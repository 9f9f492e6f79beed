/**
 * From the rent transaction mined to the dashboard showing "Running", on the demo stack (own ports,
 * `next start` on the existing build): a renter rents through the real offer page in Chromium with
 * the injected test wallet (permit, then rentWithPermit carrying the job spec sealed to the provider,
 * which the provider's agent reads from the Rented event; then the rental page), and the clock starts
 * when the node sees the block holding the rent. Target: ≤ 3 s. One rental on each of three fleets.
 * Needs `next build` and /usr/bin/chromium. Prints JSON and writes bench/results/rent-to-running.json.
 */
import path from 'node:path'
import { createPublicClient, http } from 'viem'
import { launchBrowser, openSession } from '../e2e/harness/browser'
import { liveOffer } from '../e2e/harness/offers'
import { connectAndSignIn } from '../e2e/harness/wallet-ui'
import { anvilKeys } from '../lib/chain/anvil-accounts'
import { WeftMarket } from '../lib/chain/generated'
import { startBenchStack } from './lib/demo-bench-stack'
import { report, root } from './lib/seeded-app'

/** One rental per fleet: a fleet's rented offer stays listed until the next poll. */
const FLEETS = ['frankfurt-h100', 'virginia-mixed', 'singapore-h200']
const TARGET_MS = 3000
const dataDir = path.join(root, '.data/bench-rent')

const { stack, info } = await startBenchStack(dataDir)
const browser = await launchBrowser()
try {
  const client = createPublicClient({ transport: http(stack.rpcUrl), pollingInterval: 20 })
  const runs: { fleet: string; rentalId: string; minedToRunningMs: number }[] = []
  for (const [run, fleet] of FLEETS.entries()) {
    const session = await openSession(browser, info, { key: anvilKeys[2 + run] ?? '0x' })
    const { page, wallet } = session
    const offer = await liveOffer(info, fleet, 1, 120)
    await page.goto(offer.path)
    await connectAndSignIn(page, wallet)
    const rent = page.getByRole('region', { name: 'Rent this offer' })
    await rent.waitFor({ timeout: 30_000 }).catch(async (error) => {
      await page.screenshot({ path: '/tmp/me/bench-fail.png' })
      throw error
    })
    await rent.getByLabel('Duration in hours').fill('0.1')
    await rent.getByLabel('Command').fill('echo started; sleep 600')

    // The node's view of the chain: the moment a block with this renter's Rented event appears.
    let minedAt = 0
    const unwatch = client.watchContractEvent({
      address: stack.deployment.market,
      abi: WeftMarket.abi,
      eventName: 'Rented',
      args: { renter: wallet.address },
      onLogs: () => {
        if (!minedAt) minedAt = Date.now()
      },
    })
    await rent.getByRole('button', { name: /^Rent for [\d.]+ USDC$/ }).click()
    await page
      .getByRole('region', { name: 'Rental status' })
      .getByText('Running', { exact: true })
      .waitFor({ timeout: 60_000 })
    const runningAt = Date.now()
    unwatch()
    if (!minedAt) throw new Error('the rent was never seen mined')
    const rentalId = new URL(page.url()).pathname.split('/').at(-1) ?? ''
    runs.push({ fleet, rentalId, minedToRunningMs: runningAt - minedAt })
    await page.getByRole('button', { name: 'Stop rental' }).click()
    await session.close()
  }
  const worst = Math.max(...runs.map((r) => r.minedToRunningMs))
  await report('rent-to-running', {
    runs,
    maxMs: worst,
    targetMs: TARGET_MS,
    withinTarget: worst <= TARGET_MS,
  })
} finally {
  const started = Date.now()
  await browser.close()
  await stack.stop()
  console.error(`stack stopped in ${Date.now() - started} ms`)
}
// Job supervisors are detached from their agents by design (jobs outlive an agent restart); the
// stack's stop ends them, and nothing here should keep the process waiting afterwards.
process.exit(0)
