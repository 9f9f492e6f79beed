import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import type { GpuDevice } from './gpu-device'
import { GPU_QUERY_ARGS, parseGpuQuery } from './nvidia-smi'
import { loadSimulatedInventory } from './simulated'

const run = promisify(execFile)

export class InventoryUnavailableError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'InventoryUnavailableError'
  }
}

/**
 * The host's GPUs: from the simulated inventory file when one is given, else from `nvidia-smi` on
 * PATH. No nvidia-smi and no file is an error the caller reports (exit code 2 on the command line).
 */
export async function detectInventory(
  options: { simulate?: string; nvidiaSmi?: string } = {},
): Promise<GpuDevice[]> {
  if (options.simulate) return loadSimulatedInventory(options.simulate)
  const binary = options.nvidiaSmi ?? 'nvidia-smi'
  let stdout: string
  try {
    ;({ stdout } = await run(binary, [...GPU_QUERY_ARGS], { timeout: 30_000, maxBuffer: 4 * 1024 * 1024 }))
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') {
      throw new InventoryUnavailableError(
        `${binary} was not found on PATH: install the NVIDIA driver, or pass --simulate FILE for a simulated inventory`,
      )
    }
    const stderr = (error as { stderr?: string }).stderr?.trim()
    throw new InventoryUnavailableError(`${binary} failed: ${stderr || (error as Error).message}`)
  }
  return parseGpuQuery(stdout)
}
