/**
 * The access plane's four figures in one run, on the demo stack (own ports and data folder, `next
 * start` on the existing build, so run `npm run build` first; /usr/bin/chromium, OpenSSH's `ssh`,
 * `sftp` and `sshd`; run as root, which the direct load and sshd need):
 *  1. terminal: keystroke → echo painted in the rental page's web terminal (Chromium), p50/p99;
 *  2. proxy: requests per second through the agent's port proxy against the same in-job server
 *     reached directly (autocannon, same connections), target ≥ 0.7 ×; for reference, the same load
 *     through the least a Node reverse proxy does (minimal-proxy.ts) and through nginx (when
 *     installed), each beside the server;
 *  3. sftp: download MB/s of a 256 MiB workspace file through the SSH gateway against OpenSSH's
 *     sshd + sftp-server on loopback serving the same file, target ≥ 0.5 ×;
 *  4. shell: rent mined → `ssh <id>@host true` answering through the gateway, three rentals, ≤ 3 s.
 * `npm run bench:access -- proxy sftp` runs only the figures named. Prints one line per figure as
 * it is measured, with MET / NOT MET, then JSON (also written to bench/results/access.json).
 */
import { loadavg } from 'node:os'
import path from 'node:path'
import { launchBrowser } from '../e2e/harness/browser'
import { agentNamed } from '../e2e/harness/offers'
import { anvilKeys } from '../lib/chain/anvil-accounts'
import { measureProxy } from './lib/access-proxy'
import { rentToShell } from './lib/access-rent-prompt'
import {
  ACCESS_JOB,
  accessToken,
  BIG_FILE,
  BIG_FILE_BYTES,
  findWorkspaceFile,
  gatewayClients,
  JOB_HTTP_PORT,
  rentWithKey,
  waitRunning,
} from './lib/access-rental'
import { measureSftp } from './lib/access-sftp'
import { measureKeystrokes } from './lib/access-terminal'
import { startBenchStack } from './lib/demo-bench-stack'
import { report, root } from './lib/seeded-app'

const TARGETS = { proxyRatio: 0.7, sftpRatio: 0.5, rentToShellMs: 3000 }
const FIGURES = ['terminal', 'proxy', 'sftp', 'shell'] as const
const asked = process.argv.slice(2)
const unknown = asked.filter((a) => !(FIGURES as readonly string[]).includes(a))
if (unknown.length) throw new Error(`unknown figure ${unknown.join(', ')}: choose from ${FIGURES.join(', ')}`)
const wanted = (figure: (typeof FIGURES)[number]) => asked.length === 0 || asked.includes(figure)

const ACCESS_FLEET = 'frankfurt-h100'
const SHELL_FLEETS = ['virginia-mixed', 'oregon-consumer', 'singapore-h200']
const renterKey = anvilKeys[1] ?? '0x'
const dataDir = path.join(root, '.data/bench-access')
const verdict = (met: boolean) => (met ? 'MET' : 'NOT MET')
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN
const say = (line: string) => process.stdout.write(`${line}\n`)

const { stack, info } = await startBenchStack(dataDir)
const browser = await launchBrowser()
const results: Record<string, unknown> = {}
try {
  const agent = agentNamed(info, ACCESS_FLEET)
  const demoAgent = stack.agents.find((a) => a.name === ACCESS_FLEET)
  if (!demoAgent) throw new Error(`no ${ACCESS_FLEET} agent`)
  const { clients, renterKey: sshKey } = gatewayClients(dataDir, demoAgent)

  // The job serving HTTP with the large file in its workspace, ready once the proxy answers.
  const id = await rentWithKey(info, renterKey, ACCESS_FLEET, ACCESS_JOB, sshKey.publicKey)
  await waitRunning(info, id)
  const token = await accessToken(agent.url, id, renterKey)
  for (let deadline = Date.now() + 120_000; ; ) {
    const answer = await fetch(`${agent.url}/v1/rentals/${id}/ports/${JOB_HTTP_PORT}/`, {
      headers: { authorization: `Bearer ${token}` },
    })
    if (answer.status === 200) break
    if (Date.now() > deadline)
      throw new Error(`the job's server never answered through the proxy (${answer.status})`)
    await new Promise((r) => setTimeout(r, 500))
  }
  const loadAtStart = loadavg()[0] ?? Number.NaN
  say(`load average (1 min) ${loadAtStart.toFixed(2)} at start; jobs on the ${demoAgent.runner} runner`)

  if (wanted('terminal')) {
    const terminal = await measureKeystrokes(browser, info, id, renterKey)
    results.keystrokeToEcho = terminal
    say(
      `keystroke → echo painted (rental page terminal, Chromium, ${terminal.keys} keys): p50 ${terminal.p50Ms} ms, p99 ${terminal.p99Ms} ms (no target)`,
    )
  }
  if (wanted('proxy')) {
    const proxy = await measureProxy(agent.url, id, token)
    results.proxy = {
      ...proxy,
      ratio: Number(proxy.ratio.toFixed(3)),
      minimalNodeProxyRatio: Number(proxy.minimalNodeProxyRatio.toFixed(3)),
      target: TARGETS.proxyRatio,
    }
    say(
      `port proxy, a server answering at once: ${proxy.proxy.requestsPerSecond.toFixed(0)} req/s vs ${proxy.direct.requestsPerSecond.toFixed(0)} req/s direct = ${proxy.ratio.toFixed(2)} × (target ≥ ${TARGETS.proxyRatio}): ${verdict(proxy.ratio >= TARGETS.proxyRatio)}`,
    )
    say(
      `port proxy, a server answering in ${proxy.slowServer.answerMs} ms: ${proxy.slowServer.proxy.requestsPerSecond.toFixed(0)} req/s vs ${proxy.slowServer.direct.requestsPerSecond.toFixed(0)} req/s direct = ${proxy.slowServer.ratio.toFixed(2)} × (target ≥ ${TARGETS.proxyRatio}): ${verdict(proxy.slowServer.ratio >= TARGETS.proxyRatio)}`,
    )
    say(
      `  for reference, a minimal Node reverse proxy beside the server: ${proxy.minimalNodeProxy.requestsPerSecond.toFixed(0)} req/s = ${proxy.minimalNodeProxyRatio.toFixed(2)} × direct`,
    )
    say(
      typeof proxy.nginx === 'string'
        ? `  for reference, nginx: skipped, ${proxy.nginx}`
        : `  for reference, nginx (one worker) beside the server: ${proxy.nginx.requestsPerSecond.toFixed(0)} req/s = ${proxy.nginx.ratio.toFixed(2)} × direct`,
    )
  }
  if (wanted('sftp')) {
    const sftp = await measureSftp({
      gateway: {
        port: demoAgent.ssh.port,
        user: String(id),
        knownHosts: path.join(clients.dir, 'known_hosts'),
        remote: BIG_FILE,
      },
      key: sshKey,
      hostFile: findWorkspaceFile(dataDir, ACCESS_FLEET, BIG_FILE, BIG_FILE_BYTES),
      bytes: BIG_FILE_BYTES,
      workDir: clients.dir,
    })
    results.sftp = {
      ...sftp,
      ratio: Number(sftp.ratio.toFixed(3)),
      bytes: BIG_FILE_BYTES,
      target: TARGETS.sftpRatio,
    }
    say(
      `SFTP download: ${sftp.gatewayMedianMBps} MB/s gateway vs ${sftp.opensshMedianMBps} MB/s OpenSSH = ${sftp.ratio.toFixed(2)} × (target ≥ ${TARGETS.sftpRatio}): ${verdict(sftp.ratio >= TARGETS.sftpRatio)}`,
    )
  }
  if (wanted('shell')) {
    const runs = []
    for (const fleet of SHELL_FLEETS) {
      const shellAgent = stack.agents.find((a) => a.name === fleet)
      if (!shellAgent) throw new Error(`no ${fleet} agent`)
      runs.push(await rentToShell({ stack: info, key: renterKey, agent: shellAgent, dataDir }))
    }
    const ms = runs.map((r) => r.minedToShellMs)
    results.rentToShell = {
      runs,
      medianMs: median(ms),
      maxMs: Math.max(...ms),
      targetMs: TARGETS.rentToShellMs,
    }
    say(
      `rent mined → ssh shell: median ${median(ms)} ms, max ${Math.max(...ms)} ms over ${ms.length} rentals (target ≤ ${TARGETS.rentToShellMs} ms): ${verdict(Math.max(...ms) <= TARGETS.rentToShellMs)}`,
    )
  }
  const loadAtEnd = loadavg()[0] ?? Number.NaN
  say(`load average (1 min) ${loadAtEnd.toFixed(2)} at end`)
  await report('access', { machine: { runner: demoAgent.runner, loadAtStart, loadAtEnd }, ...results })
  clients.cleanup()
} finally {
  await browser.close()
  await stack.stop()
}
// Job supervisors are detached from their agents by design; nothing here should keep the process alive.
process.exit(0)
