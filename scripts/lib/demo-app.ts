import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, openSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { Deployment } from './deploy-contracts'
import { buildIsFresh, runNextBuild } from './next-build'

const root = path.resolve(import.meta.dirname, '../..')

export type DemoAppOptions = {
  port: number
  rpcUrl: string
  deployment: Deployment
  /** The app's store (PGlite) lives here. */
  dataDir: string
  operatorKey: string
  mode: 'dev' | 'start'
  /** Run `next build` first when the sources are newer than .next (start mode only). */
  buildWhenStale: boolean
  /** The server's output goes to this file instead of this process's stdout and stderr. */
  logFile?: string
}

/** The environment the app server runs with in the local stack. */
export function demoAppEnv(options: DemoAppOptions): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NEXT_PUBLIC_RPC_URL: options.rpcUrl,
    NEXT_PUBLIC_CHAIN_IDS: '31337',
    PORT: String(options.port),
    RPC_URL: options.rpcUrl,
    CHAIN_ID: String(options.deployment.chainId),
    MARKET_ADDRESS: options.deployment.market,
    TOKEN_ADDRESS: options.deployment.token,
    DEPLOY_BLOCK: String(options.deployment.deployBlock),
    // Sign-In with Ethereum checks the host, so the app is opened as localhost, not 127.0.0.1.
    APP_ORIGIN: `http://localhost:${options.port}`,
    WEFT_DATA_DIR: options.dataDir,
    OPERATOR_PRIVATE_KEY: options.operatorKey,
    // The demo's agents listen on loopback; production refuses such endpoints.
    AGGREGATOR_ALLOW_LOOPBACK: 'true',
  }
}

/** Starts `next dev` or `next start` (building first when asked and needed). */
export async function startDemoApp(options: DemoAppOptions): Promise<ChildProcess> {
  const env = demoAppEnv(options)
  if (options.mode === 'start' && options.buildWhenStale) await buildForPublicEnv(env)
  const output = options.logFile ? openSync(options.logFile, 'a') : 'inherit'
  return spawn(
    process.execPath,
    ['node_modules/next/dist/bin/next', options.mode, '-p', String(options.port)],
    // Its own process group, so stopping the stack also stops the server's workers.
    { cwd: root, env, stdio: ['ignore', output, output], detached: true },
  )
}

const stampFile = path.join(root, '.next', 'weft-public-env.json')

/** The NEXT_PUBLIC_* values a build inlines into the browser bundle, defaults filled in. */
function publicValues(env: Readonly<Record<string, string | undefined>>) {
  return {
    rpcUrl: env.NEXT_PUBLIC_RPC_URL || 'http://127.0.0.1:8545',
    chainIds: env.NEXT_PUBLIC_CHAIN_IDS || '31337',
  }
}

function builtWith(): string {
  const buildId = path.join(root, '.next', 'BUILD_ID')
  if (!existsSync(buildId)) return ''
  const id = readFileSync(buildId, 'utf8').trim()
  // A build without our stamp (a plain `next build`) used the defaults.
  const stamp = existsSync(stampFile) ? JSON.parse(readFileSync(stampFile, 'utf8')) : undefined
  return JSON.stringify(stamp?.buildId === id ? stamp.values : publicValues({}))
}

/**
 * Builds when the sources changed, and also when the existing build inlined other public
 * settings (a demo on another RPC port bakes its RPC URL into the browser bundle).
 */
async function buildForPublicEnv(env: NodeJS.ProcessEnv): Promise<void> {
  const wanted = publicValues(env)
  if (buildIsFresh() && builtWith() === JSON.stringify(wanted)) return
  await runNextBuild(env)
  const buildId = readFileSync(path.join(root, '.next', 'BUILD_ID'), 'utf8').trim()
  writeFileSync(stampFile, JSON.stringify({ buildId, values: wanted }))
}

/** Resolves once the app answers /api/health, rejects when it exits first or `timeoutMs` passes. */
export async function waitForApp(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the app server exited with code ${child.exitCode}`)
    try {
      if ((await fetch(`${url}/api/health`)).ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`the app did not answer ${url}/api/health within ${timeoutMs / 1000} s`)
}
