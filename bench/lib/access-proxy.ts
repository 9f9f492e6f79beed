/**
 * Requests per second through the agent's port proxy (`/v1/rentals/:id/ports/:port/`, the token as a
 * bearer) against the same in-job HTTP server reached directly: the same load tool (autocannon in a
 * process of its own), the same connections and duration, the direct run started inside the job's
 * network namespace (where the proxy's dialer connects), one after the other: once on answers the
 * server makes at once (the proxy's own cost against the least a server can do), once on answers
 * that take SLOW_ANSWER_MS (an inference server's shape, its time spent on the GPU). For reference,
 * the server at once behind the least a Node reverse proxy does and behind nginx, each in the job's
 * network namespace: what any proxy costs against the least a server can do, on the same cores.
 */
import { execFile, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { JOB_HTTP_PORT, jobServerNetns, SLOW_ANSWER_MS } from './access-rental'
import type { LoadFigures } from './load-figures'
import { NGINX, NGINX_MISSING, startNginxProxy } from './nginx-proxy'
import { root } from './seeded-app'

const run = promisify(execFile)
export const PROXY_CONNECTIONS = 10
export const PROXY_SECONDS = 10

async function load(url: string, headers: Record<string, string>, netns?: string, seconds = PROXY_SECONDS) {
  const argv = [
    process.execPath,
    '--import',
    'tsx',
    path.join(root, 'bench/lib/load-run.ts'),
    url,
    String(PROXY_CONNECTIONS),
    String(seconds),
    JSON.stringify(headers),
  ]
  const [program, ...args] = netns ? ['nsenter', `--net=${netns}`, '--', ...argv] : argv
  const { stdout } = await run(program ?? '', args, { cwd: root, maxBuffer: 1 << 20 })
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as LoadFigures
}

/** Where the reference proxy listens, inside the job's network namespace beside its server. */
const MINIMAL_PROXY_PORT = JOB_HTTP_PORT + 1

/** Where nginx listens, for the second reference figure (nginx-proxy.ts). */
const NGINX_PORT = JOB_HTTP_PORT + 2

/** The minimal Node proxy (minimal-proxy.ts) in the job's network namespace, in front of its server. */
async function startMinimalProxy(netns: string) {
  const child = spawn(
    'nsenter',
    [
      `--net=${netns}`,
      '--',
      process.execPath,
      '--import',
      'tsx',
      path.join(root, 'bench/lib/minimal-proxy.ts'),
      String(MINIMAL_PROXY_PORT),
      String(JOB_HTTP_PORT),
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  )
  await new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve())
    child.once('exit', (code) => reject(new Error(`the reference proxy exited (${code})`)))
  })
  return { stop: () => child.kill('SIGTERM') }
}

/**
 * Proxy and direct figures, each after a short warm-up, and for reference the same load through
 * the least a Node reverse proxy does, beside the server; fails on a proxy that does not answer 200.
 */
export async function measureProxy(agentUrl: string, id: bigint, token: string) {
  const proxied = `${agentUrl}/v1/rentals/${id}/ports/${JOB_HTTP_PORT}/`
  const headers = { authorization: `Bearer ${token}` }
  const check = await fetch(proxied, { headers })
  if (check.status !== 200) throw new Error(`the port proxy answered ${check.status}: ${await check.text()}`)
  const netns = jobServerNetns()
  const direct = `http://127.0.0.1:${JOB_HTTP_PORT}/`
  await load(direct, {}, netns, 2)
  await load(proxied, headers, undefined, 2)
  const directFigures = await load(direct, {}, netns)
  const proxyFigures = await load(proxied, headers)
  // The same through a server whose answers take SLOW_ANSWER_MS of time spent elsewhere.
  const slowDirect = await load(`${direct}slow`, {}, netns)
  const slowProxy = await load(`${proxied}slow`, headers)
  const minimal = await startMinimalProxy(netns)
  let reference: LoadFigures
  try {
    reference = await load(`http://127.0.0.1:${MINIMAL_PROXY_PORT}/`, {}, netns)
  } finally {
    minimal.stop()
  }
  const nginx = existsSync(NGINX) ? await startNginxProxy(netns, NGINX_PORT, JOB_HTTP_PORT) : undefined
  let nginxFigures: LoadFigures | undefined
  try {
    if (nginx) nginxFigures = await load(`http://127.0.0.1:${NGINX_PORT}/`, {}, netns)
  } finally {
    nginx?.stop()
  }
  return {
    direct: directFigures,
    proxy: proxyFigures,
    ratio: proxyFigures.requestsPerSecond / directFigures.requestsPerSecond,
    slowServer: {
      answerMs: SLOW_ANSWER_MS,
      direct: slowDirect,
      proxy: slowProxy,
      ratio: slowProxy.requestsPerSecond / slowDirect.requestsPerSecond,
    },
    minimalNodeProxy: reference,
    minimalNodeProxyRatio: reference.requestsPerSecond / directFigures.requestsPerSecond,
    nginx: nginxFigures
      ? { ...nginxFigures, ratio: nginxFigures.requestsPerSecond / directFigures.requestsPerSecond }
      : NGINX_MISSING,
  }
}
