import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { GPU_UUID } from './nvidia-smi'
import { loadSimulatedInventory, parseSimulatedInventory, SimulatedInventoryError } from './simulated'

const fixturePath = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url))

describe('loadSimulatedInventory', () => {
  it('turns the demo fleet file into devices shaped like nvidia-smi ones', async () => {
    const devices = await loadSimulatedInventory(fixturePath('simulated-fleet.json'))
    expect(devices.map((d) => [d.index, d.model?.id, d.memoryMiB, d.pciBusId])).toEqual([
      [0, 'H100-SXM-80GB', 81559, '00000000:01:00.0'],
      [1, 'H100-SXM-80GB', 81559, '00000000:02:00.0'],
      [2, 'RTX-4090-PCIE-24GB', 24 * 1024, '00000000:03:00.0'],
      // "A100 SXM4" names no memory; memoryMiB picks the 80GB part.
      [3, 'A100-SXM-80GB', 81920, '00000000:04:00.0'],
    ])
    expect(devices[0]).toMatchObject({
      name: 'H100 SXM 80GB',
      memoryUsedMiB: 0,
      memoryFreeMiB: 81559,
      utilizationPct: 0,
      temperatureC: null,
      powerLimitW: 700,
      driverVersion: '580.159.04',
    })
    for (const device of devices) expect(device.uuid).toMatch(GPU_UUID)
    expect(new Set(devices.map((d) => d.uuid)).size).toBe(devices.length)
  })

  it('gives the same uuids for the same file, and different ones on another host', async () => {
    const again = await loadSimulatedInventory(fixturePath('simulated-fleet.json'))
    const first = await loadSimulatedInventory(fixturePath('simulated-fleet.json'))
    expect(again.map((d) => d.uuid)).toEqual(first.map((d) => d.uuid))
    const other = parseSimulatedInventory({ host: 'demo-us-1', gpus: [{ model: 'H100-SXM-80GB', count: 1 }] })
    expect(other[0]?.uuid).not.toBe(first[0]?.uuid)
  })

  it.each([
    ['simulated-unknown-model.json', /gpus\[1\]\.model: "H900 SXM" is not a GPU model the catalog knows/],
    ['simulated-not-json.json', /simulated-not-json\.json is not valid JSON/],
    ['no-such-file.json', /cannot read simulated inventory .*no-such-file\.json/],
  ])('explains what is wrong with %s', async (name, message) => {
    const failure = loadSimulatedInventory(fixturePath(name))
    await expect(failure).rejects.toThrow(SimulatedInventoryError)
    await expect(failure).rejects.toThrow(message)
  })
})

describe('parseSimulatedInventory validation', () => {
  const gpu = { model: 'L40S', count: 2 }
  it.each([
    ['no host', { gpus: [gpu] }, /host: name the simulated host/],
    ['no GPUs', { host: 'h', gpus: [] }, /gpus: list at least one GPU/],
    ['a zero count', { host: 'h', gpus: [{ ...gpu, count: 0 }] }, /gpus\[0\]\.count: /],
    ['a fractional count', { host: 'h', gpus: [{ ...gpu, count: 1.5 }] }, /gpus\[0\]\.count: /],
    [
      'an ambiguous model',
      { host: 'h', gpus: [{ model: 'A100 SXM4', count: 1 }] },
      /comes in several memory sizes/,
    ],
    ['a misspelt key', { host: 'h', gpus: [{ ...gpu, colour: 'red' }] }, /gpus\[0\]: unknown key "colour"/],
    [
      'too many GPUs',
      {
        host: 'h',
        gpus: [
          { ...gpu, count: 40 },
          { ...gpu, count: 40 },
        ],
      },
      /at most 64 GPUs/,
    ],
    ['not an object', ['L40S'], /fleet\.json is invalid: expected an object with "host" and "gpus"/],
    ['a GPU given as a bare name', { host: 'h', gpus: ['L40S'] }, /gpus\[0\]: each GPU is an object/],
    [
      'memory as text',
      { host: 'h', gpus: [{ ...gpu, memoryMiB: '48GB' }] },
      /gpus\[0\]\.memoryMiB: give memoryMiB as a whole/,
    ],
  ])('rejects %s with a sentence naming the problem', (_what, data, message) => {
    expect(() => parseSimulatedInventory(data, 'fleet.json')).toThrow(SimulatedInventoryError)
    expect(() => parseSimulatedInventory(data, 'fleet.json')).toThrow(message)
  })

  it('accepts a display name or a canonical id alike', () => {
    const byName = parseSimulatedInventory({ host: 'h', gpus: [{ model: 'NVIDIA H100 NVL', count: 1 }] })
    const byId = parseSimulatedInventory({ host: 'h', gpus: [{ model: 'H100-NVL-94GB', count: 1 }] })
    expect(byName).toEqual(byId)
  })
})
