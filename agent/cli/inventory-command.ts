import { detectInventory } from '../inventory/detect'
import type { GpuDevice } from '../inventory/gpu-device'

const show = (value: number | string | null, unit = '') => (value === null ? '—' : `${value}${unit}`)

/** `weft-agent inventory [--json] [--simulate FILE]`: prints the GPUs this host would offer. */
export async function inventoryCommand(options: { json: boolean; simulate?: string }): Promise<number> {
  const gpus = await detectInventory({ simulate: options.simulate })
  if (options.json) {
    console.log(JSON.stringify({ source: options.simulate ? 'simulated' : 'nvidia-smi', gpus }, null, 2))
    return 0
  }
  const rows = gpus.map((g: GpuDevice) => [
    String(g.index),
    g.uuid,
    g.name,
    g.model ? g.model.id : `unknown (${g.name})`,
    `${g.memoryMiB} MiB`,
    show(g.utilizationPct, ' %'),
    show(g.temperatureC, ' °C'),
    show(g.powerW, ' W'),
    show(g.driverVersion),
    show(g.computeCapability),
  ])
  const header = ['idx', 'uuid', 'name', 'model', 'memory', 'util', 'temp', 'power', 'driver', 'cc']
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  for (const row of [header, ...rows])
    console.log(row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  '))
  return 0
}
