import { parseArgs } from 'node:util'
import { ConfigError, loadAgentConfig } from '../core/config'
import { InventoryUnavailableError } from '../inventory/detect'
import { SimulatedInventoryError } from '../inventory/simulated'
import { inventoryCommand } from './inventory-command'
import { registerCommand } from './register-command'

const usage = `usage: weft-agent <command> [options]

commands:
  inventory [--json] [--simulate FILE]   detect this host's GPUs (nvidia-smi) and print them
  register --config FILE                 register or update the provider on-chain (endpoint, stake)
  serve --config FILE                    run the agent: HTTP API, offers, chain watcher, jobs, claims

The provider key comes from WEFT_PROVIDER_KEY (or providerKey in the config file).`

/** Runs the command line; resolves to the process exit code (2 for bad usage or configuration). */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  let values: { json?: boolean; simulate?: string; config?: string; help?: boolean }
  try {
    ;({ values } = parseArgs({
      args: rest,
      options: {
        json: { type: 'boolean' },
        simulate: { type: 'string' },
        config: { type: 'string', short: 'c' },
        help: { type: 'boolean', short: 'h' },
      },
    }))
  } catch (error) {
    console.error(`weft-agent: ${(error as Error).message}\n\n${usage}`)
    return 2
  }
  if (!command || values.help || command === 'help') {
    console.log(usage)
    return command ? 0 : 2
  }
  try {
    switch (command) {
      case 'inventory':
        return await inventoryCommand({ json: values.json ?? false, simulate: values.simulate })
      case 'register':
        return await registerCommand(loadAgentConfig(values.config ?? process.env.WEFT_CONFIG))
      case 'serve': {
        const config = loadAgentConfig(values.config ?? process.env.WEFT_CONFIG)
        const { serveCommand } = await import('./serve-command')
        return await serveCommand(config)
      }
      default:
        console.error(`weft-agent: unknown command "${command}"\n\n${usage}`)
        return 2
    }
  } catch (error) {
    if (
      error instanceof ConfigError ||
      error instanceof InventoryUnavailableError ||
      error instanceof SimulatedInventoryError
    ) {
      console.error(`weft-agent: ${error.message}`)
      return 2
    }
    console.error(`weft-agent: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`)
    return 1
  }
}
