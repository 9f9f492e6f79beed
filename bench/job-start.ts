/**
 * From the rent transaction mined to the renter's job process running, for each runner this host
 * has (process, sandbox, container): a real agent on a real anvil, the job spec sealed in the rent
 * transaction, the agent reading it from the `Rented` event, preparing the workload, sending
 * `start` and launching the job. Measured twice: to the agent recording the job running, and to the job's
 * first output line (its process really runs). The container's image is present beforehand (a
 * pull is before `start`, never billed, and depends on the registry). Three rentals per runner.
 * Prints JSON and writes bench/results/job-start.json.
 */

import type { RunnerKind } from '../agent/jobs/runner'
import { sandboxUnavailableReason } from '../agent/jobs/sandbox-check'
import type { LogPage } from '../lib/protocol/job-logs'
import { createAgentWorld, type RentJobSpec } from '../test-support/agent/agent-world'
import { containerTestsUnavailableReason, ensureTestImage } from '../test-support/agent/test-image'
import { report } from './lib/seeded-app'

const RENTALS = 3
const script = 'echo started; sleep 600'
const runners: { kind: RunnerKind; missing?: string; spec: () => RentJobSpec }[] = [
  { kind: 'process', spec: () => ({ command: ['sh', '-c', script], env: {} }) },
  {
    kind: 'sandbox',
    missing: sandboxUnavailableReason(),
    spec: () => ({ command: ['sh', '-c', script], env: {} }),
  },
  {
    kind: 'container',
    missing: containerTestsUnavailableReason(),
    spec: () => ({ image: ensureTestImage(), command: ['sh', '-c', script], env: {} }),
  },
]

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN

async function measure(kind: RunnerKind, spec: RentJobSpec) {
  const w = await createAgentWorld({ runner: kind })
  try {
    const samples: { runningMs: number; outputMs: number }[] = []
    for (let i = 0; i < RENTALS; i++) {
      const offer = (await w.offers()).find((o) => o.offer.gpuCount === 1)
      if (!offer) throw new Error('no single-GPU offer left')
      const { id } = await w.rent(offer, 3600, spec)
      const mined = Date.now()
      let runningAt = 0
      for (let deadline = mined + 60_000; ; ) {
        const record = w.agent.store.rental(id)
        if (!runningAt && record?.status === 'running') runningAt = Date.now()
        if (record?.status === 'failed' || record?.status === 'cancelled')
          throw new Error(`rental ${record.status}: ${record.timeline.at(-1)?.note}`)
        const page = (await (await w.signed(w.renter, `/v1/rentals/${id}/logs`)).json()) as LogPage
        const first = page.lines.find((l) => l.text === 'started')
        if (runningAt && first) {
          samples.push({ runningMs: runningAt - mined, outputMs: first.at - mined })
          break
        }
        if (Date.now() > deadline) throw new Error(`rental ${id} did not run within 60 s`)
        await new Promise((r) => setTimeout(r, 10))
      }
      await w.renterCall('stop', id)
    }
    return samples
  } finally {
    await w.close()
  }
}

const results: Record<string, unknown> = {}
for (const runner of runners) {
  if (runner.missing) {
    results[runner.kind] = { skipped: runner.missing }
    continue
  }
  const samples = await measure(runner.kind, runner.spec())
  results[runner.kind] = {
    runningMs: samples.map((s) => s.runningMs),
    firstOutputMs: samples.map((s) => s.outputMs),
    medianRunningMs: median(samples.map((s) => s.runningMs)),
    medianFirstOutputMs: median(samples.map((s) => s.outputMs)),
  }
}
await report('job-start', { rentalsPerRunner: RENTALS, ...results })
