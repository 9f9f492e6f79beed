import type { AgentConfig } from '../core/config'
import { runAgent } from '../core/run-agent'

/** `weft-agent serve`: runs until SIGINT or SIGTERM; jobs keep running across a restart. */
export async function serveCommand(config: AgentConfig): Promise<number> {
  const running = await runAgent(config)
  const health = await running.agent.health()
  console.log(
    `weft-agent ${health.version}: provider ${health.provider}, ${health.gpus} GPUs, serving ${running.server.url} (public ${config.endpoint})`,
  )
  console.log(`jobs run in the ${running.runner.kind} runner: ${running.runner.reason}`)
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve)
    process.once('SIGTERM', resolve)
  })
  await running.close()
  return 0
}
