import { detectInventory } from '../inventory/detect'
import type { GpuDevice } from '../inventory/gpu-device'
import { detectHost } from '../inventory/host'

const show = (value: number | string | null, unit = '') => (value === null ? '—' : `${value}${unit}`)

const GiB = (mib: number) => `${(mib / 1024).toFixed(1)} GiB`

/**
 * `weft-agent inventory [--json] [--simulate FILE]`: prints the GPUs this host would offer, and
 * the CPU, memory and free disk (of the working folder, where a data folder would go) sold with them.
 */
export async function inventoryCommand(options: { json: boolean; simulate?: string }): Promise<number> {
  const gpus = await detectInventory({ simulate: options.simulate })
  const host = detectHost({ dataDir: process.cwd() })
  if (options.json) {
    const source = options.simulate ? 'simulated' : 'nvidia-smi'
    console.log(JSON.stringify({ source, host, gpus }, null, 2))
    return 0
  }
  console.log(
    `host: ${host.cpuModel}, ${host.cpus} CPUs, ${GiB(host.memoryMiB)} memory, ${GiB(host.diskFreeMiB)} free disk in ${process.cwd()}`,
  )
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
