import { writeFileSync } from 'node:fs'
import path from 'node:path'

export type SimulatedGpus = readonly { model: string; count: number }[]

/**
 * Writes an agent for a simulated host into `dir`: `inventory.json` (the GPUs it claims to have,
 * used instead of nvidia-smi) and `agent.json` (the given settings, pointed at that inventory with
 * its data under `dir/data`). Returns the config file's path, for `loadAgentConfig` or `--config`.
 */
export function writeSimulatedAgent(
  dir: string,
  host: { name: string; gpus: SimulatedGpus },
  settings: Record<string, unknown>,
): string {
  writeFileSync(
    path.join(dir, 'inventory.json'),
    JSON.stringify({ host: host.name, gpus: host.gpus }, null, 2),
  )
  const configFile = path.join(dir, 'agent.json')
  writeFileSync(
    configFile,
    JSON.stringify({ dataDir: 'data', simulate: 'inventory.json', ...settings }, null, 2),
  )
  return configFile
}
