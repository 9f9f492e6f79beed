import { spawn } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { jobFixture, PROCESS_TEST, waitFor } from '@/test-support/agent/job-test-helpers'
import { parseSimulatedInventory } from '../inventory/simulated'
import { startGpuSampler } from './gpu-sampler'
import { type JobMetricSample, readMetrics } from './metrics-reader'
import { signalGroup } from './proc-stat'

const fixture = jobFixture()
afterAll(() => fixture.cleanup())
const gpus = parseSimulatedInventory({ host: 'test-host', gpus: [{ model: 'H100-SXM-80GB', count: 4 }] })

describe.concurrent('startGpuSampler', PROCESS_TEST, () => {
  it('samples a simulated GPU from the real CPU and memory use of the job, flagged as simulated', async () => {
    const jobDir = fixture.dir()
    // A job that holds ~64 MB and keeps one core busy, leading its own process group.
    const script = 'const keep = Buffer.alloc(64 << 20, 1); for (;;) keep[0]++'
    const job = spawn(process.execPath, ['-e', script], { detached: true, stdio: 'ignore' })
    const jobPid = job.pid ?? 0
    const rented = gpus.slice(2, 3)
    const sampler = startGpuSampler({ jobDir, gpus: rented, source: 'simulated', jobPid, intervalMs: 250 })
    try {
      await waitFor(async () => ((await readMetrics(jobDir)).length >= 3 ? true : undefined))
    } finally {
      await sampler.stop()
      signalGroup(jobPid, 'SIGKILL')
    }
    const samples = await readMetrics(jobDir)
    const last = samples.at(-1)
    expect(last).toMatchObject({
      source: 'simulated',
      index: 2,
      uuid: rented[0]?.uuid,
      memoryMiB: rented[0]?.memoryMiB,
      temperatureC: null,
      powerW: null,
      pstate: null,
    })
    expect(last?.memoryUsedMiB).toBeGreaterThan(60)
    expect(last?.timestamp).toMatch(/^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/)
    // A busy loop: most of a core even on a loaded machine, never more than 100.
    expect(Math.max(...samples.map((s) => s.utilizationPct ?? 0))).toBeGreaterThan(30)
    expect(samples.every((s) => (s.utilizationPct ?? 0) <= 100)).toBe(true)
  })

  it("streams nvidia-smi's timeline for the job's GPUs, skipping lines it cannot parse", async () => {
    const jobDir = fixture.dir()
    const nvidiaSmi = join(fixture.dir(), 'nvidia-smi')
    const argsFile = `${nvidiaSmi}.args`
    const row = (index: number) =>
      `$(date +'%Y/%m/%d %H:%M:%S.%3N'), ${index}, ${gpus[index]?.uuid}, NVIDIA H100 80GB HBM3, 81559, 1024, 80535, 97, 40, 61, 650.12, 1980, P0`
    const script = `#!/bin/sh\necho "$*" > ${argsFile}\necho "garbage, line"\nwhile :; do echo "${row(1)}"; echo "${row(3)}"; sleep 0.1; done\n`
    writeFileSync(nvidiaSmi, script, { mode: 0o755 })
    const rented = [gpus[1], gpus[3]].filter((gpu) => gpu !== undefined)
    const sampler = startGpuSampler({
      jobDir,
      gpus: rented,
      source: 'nvidia-smi',
      jobPid: 1,
      intervalMs: 100,
      nvidiaSmi,
    })
    await waitFor(async () => ((await readMetrics(jobDir)).length >= 4 ? true : undefined))
    await sampler.stop()
    expect(readFileSync(argsFile, 'utf8')).toMatch(
      /^--query-gpu=timestamp,index,uuid,.* -lms 100 --id=1,3\n$/,
    )
    const [first, second] = await readMetrics(jobDir)
    expect(first).toMatchObject({
      source: 'nvidia-smi',
      index: 1,
      utilizationPct: 97,
      powerW: 650.12,
      pstate: 'P0',
    })
    expect(second).toMatchObject({ index: 3, uuid: gpus[3]?.uuid, memoryUsedMiB: 1024 })
  })
})

describe('readMetrics', () => {
  const sample = (i: number): JobMetricSample => ({
    source: 'simulated',
    timestamp: '2026/01/01 00:00:00.000',
    timeMs: 1_000_000 + i * 1000,
    index: i % 2,
    uuid: 'GPU-x',
    memoryMiB: 100,
    memoryUsedMiB: i,
    memoryFreeMiB: null,
    utilizationPct: null,
    memoryUtilizationPct: null,
    temperatureC: null,
    powerW: null,
    smClockMHz: null,
    pstate: null,
  })

  it('finds the samples since a time by bisection, and the latest ones without one', async () => {
    const jobDir = fixture.dir()
    const lines = Array.from({ length: 5000 }, (_, i) => `${JSON.stringify(sample(i))}\n`).join('')
    writeFileSync(join(jobDir, 'metrics.jsonl'), `${lines}{"half":`) // a sample still being written
    const since = await readMetrics(jobDir, { sinceMs: 1_000_000 + 3_456 * 1000 - 1, limit: 3 })
    expect(since.map((s) => s.memoryUsedMiB)).toEqual([3456, 3457, 3458])
    expect((await readMetrics(jobDir, { sinceMs: 0, limit: 2 })).map((s) => s.memoryUsedMiB)).toEqual([0, 1])
    expect(await readMetrics(jobDir, { sinceMs: 9e15 })).toEqual([])
    const latest = await readMetrics(jobDir, { limit: 3 })
    expect(latest.map((s) => s.memoryUsedMiB)).toEqual([4997, 4998, 4999])
    expect(await readMetrics(fixture.dir())).toEqual([])
  })
})
