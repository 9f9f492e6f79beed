import { expect } from 'vitest'
import { KeptOutputs } from '@/agent/access/kept-outputs'
import type { WebAccess } from '@/agent/access/web-access'
import { WebTerminals } from '@/agent/access/web-terminal'
import { webUpgrades } from '@/agent/access/web-upgrade'
import type { JobRunner, RunningJob, StartJobOptions } from '@/agent/jobs/runner'
import { waitForLine } from './container-test-support'
import { sandboxFixture } from './sandbox-test-support'
import { renter, startTestAgent, type TestAgent } from './test-agent'

/** A runner's test fixture (sandboxFixture, containerFixture): jobs it starts and removes. */
export type RunnerFixture = {
  runner: JobRunner
  /** Called once before the first job (the container fixture builds its image there). */
  setup?(): Promise<void>
  options(script: string): StartJobOptions
  start(options: StartJobOptions): Promise<RunningJob>
  cleanup(): Promise<void>
}

/**
 * The agent's HTTP server with the browser routes over a real isolated job running `script`
 * (which prints `ready`) on `fixture`'s runner (the sandbox by default), and the renter's access
 * token for it. `end()` ends the rental as the agent does: its terminals closed, its job
 * stopped, its outputs kept for `retentionSeconds`.
 */
export function webAccessFixture(
  script: string,
  retentionSeconds = 3600,
  fixture: RunnerFixture = sandboxFixture(),
  /** More of the agent's side, such as which ports want the proxy's path whole. */
  more: Partial<WebAccess> = {},
) {
  const secret = Buffer.alloc(32, 9)
  const running = new Map<bigint, string>()
  const ended = new Map<bigint, string>()
  const outputs = new KeptOutputs(retentionSeconds)
  const web: WebAccess = {
    secret,
    runner: fixture.runner,
    runningJob: (id) => running.get(id),
    kept: { outputs, endedJob: (id) => ended.get(id) },
    ...more,
  }
  const terminals = new WebTerminals(web)
  const state = {
    agent: undefined as TestAgent | undefined,
    rental: 0n,
    token: '',
    jobDir: '',
    job: undefined as RunningJob | undefined,
  }
  return {
    secret,
    terminals,
    outputs,
    state,
    get agent(): TestAgent {
      if (!state.agent) throw new Error('start() first')
      return state.agent
    },
    base: () => `/v1/rentals/${state.rental}`,
    /** Headers that carry the token as a bearer, with no request signature. */
    bearer: (value = state.token) => ({ headers: { authorization: `Bearer ${value}` }, signer: null }),
    async start() {
      await fixture.setup?.()
      state.agent = await startTestAgent({ web }, webUpgrades(web, terminals))
      const options = fixture.options(script)
      state.job = await fixture.start(options)
      await waitForLine(options.jobDir, 'ready')
      state.rental = options.rentalId
      state.jobDir = options.jobDir
      running.set(state.rental, options.jobDir)
      state.agent.api.addRental(state.rental, renter.address)
      const response = await state.agent.send(`/v1/rentals/${state.rental}/access-token`, {
        method: 'POST',
        body: '{}',
      })
      expect(response.status).toBe(201)
      state.token = ((await response.json()) as { token: string }).token
    },
    /** The rental ends: the job stops and its terminals close; with `stop`, the job is stopped too. */
    async end(stop: boolean) {
      running.delete(state.rental)
      ended.set(state.rental, state.jobDir)
      terminals.endRental(state.rental)
      if (stop) await state.job?.stop()
    },
    async cleanup() {
      terminals.close()
      await state.agent?.server.close(0)
      await fixture.cleanup()
    },
  }
}
