import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { BlockList, isIPv4 } from 'node:net'
import { promisify } from 'node:util'
import { z } from 'zod'
import { BLOCKED_V4 } from './blocked-ranges'
import { JOBS_NETWORK } from './container-args'
import { type DockerCli, dockerError, runDocker } from './docker-cli'
import { JobStartError } from './runner'

/**
 * The network jobs run on: one Docker bridge (`weft-jobs`, interface `weft-jobs0`) with traffic
 * between containers off, and host firewall rules keyed on that interface. A job reaches public
 * addresses (through Docker's masquerade) and nothing else: not the cloud metadata service, not
 * the provider's private networks, not the host itself.
 */
export const JOBS_BRIDGE = 'weft-jobs0'
export const FORWARD_CHAIN = 'WEFT-JOBS-FORWARD'
export const INPUT_CHAIN = 'WEFT-JOBS-INPUT'

export type FirewallRule = { chain: string; rule: string[] }

const blocked = new BlockList()
for (const range of BLOCKED_V4) {
  const [network = '', prefix = ''] = range.split('/')
  blocked.addSubnet(network, Number(prefix), 'ipv4')
}

/**
 * The rules, in order. Replies to connections made to the job pass; DNS to the host's own
 * resolvers passes where those sit in a blocked range, because Docker's embedded DNS forwards the
 * job's queries from the job's network namespace; every other new connection into a blocked
 * range is rejected, and so is everything from a job to the host (INPUT).
 */
export function firewallRules(hostResolvers: readonly string[]): FirewallRule[] {
  const established = ['-m', 'conntrack', '--ctstate', 'ESTABLISHED,RELATED']
  const resolvers = hostResolvers.filter((ip) => isIPv4(ip) && blocked.check(ip, 'ipv4'))
  return [
    { chain: FORWARD_CHAIN, rule: [...established, '-j', 'RETURN'] },
    ...resolvers.flatMap((ip) =>
      ['udp', 'tcp'].map((protocol) => ({
        chain: FORWARD_CHAIN,
        rule: ['-d', `${ip}/32`, '-p', protocol, '-m', protocol, '--dport', '53', '-j', 'RETURN'],
      })),
    ),
    ...BLOCKED_V4.map((range) => ({ chain: FORWARD_CHAIN, rule: ['-d', range, '-j', 'REJECT'] })),
    { chain: INPUT_CHAIN, rule: [...established, '-j', 'ACCEPT'] },
    { chain: INPUT_CHAIN, rule: ['-j', 'REJECT'] },
  ]
}

/** Where each chain is jumped to: Docker's DOCKER-USER for forwarded traffic, INPUT for the host. */
export const jumpRules: FirewallRule[] = [
  { chain: 'DOCKER-USER', rule: ['-i', JOBS_BRIDGE, '-j', FORWARD_CHAIN] },
  { chain: 'INPUT', rule: ['-i', JOBS_BRIDGE, '-j', INPUT_CHAIN] },
]

/** The IPv4 nameservers of the host's resolv.conf (what Docker's embedded DNS forwards to). */
export function hostResolvers(resolvConf = '/etc/resolv.conf'): string[] {
  const text = readFileSync(resolvConf, 'utf8')
  return [...text.matchAll(/^\s*nameserver\s+(\S+)/gm)].flatMap(([, ip]) => (ip && isIPv4(ip) ? [ip] : []))
}

const iptables = promisify(execFile)
const IPTABLES_TIMEOUT_MS = 20_000

async function iptablesOk(args: string[]): Promise<boolean> {
  try {
    await iptables('iptables', ['-w', '10', ...args], { timeout: IPTABLES_TIMEOUT_MS })
    return true
  } catch {
    return false
  }
}

async function ensureChain(chain: string, rules: FirewallRule[]): Promise<void> {
  await iptablesOk(['-N', chain]) // fails when it exists, which is what we want
  const listed = await iptables('iptables', ['-w', '10', '-S', chain], { timeout: IPTABLES_TIMEOUT_MS })
  const present = listed.stdout.split('\n').filter((line) => line.startsWith('-A ')).length
  let complete = present === rules.length
  for (const { rule } of rules) complete &&= await iptablesOk(['-C', chain, ...rule])
  if (complete) return
  // Stale (an older rule set) or duplicated by a concurrent prepare: rebuild it in order.
  await iptables('iptables', ['-w', '10', '-F', chain], { timeout: IPTABLES_TIMEOUT_MS })
  for (const { rule } of rules) {
    await iptables('iptables', ['-w', '10', '-A', chain, ...rule], { timeout: IPTABLES_TIMEOUT_MS })
  }
}

/** Installs the jobs' firewall chains and their jumps; idempotent. */
export async function ensureJobsFirewall(resolvers: readonly string[] = hostResolvers()): Promise<void> {
  const rules = firewallRules(resolvers)
  for (const chain of [FORWARD_CHAIN, INPUT_CHAIN]) {
    await ensureChain(
      chain,
      rules.filter((r) => r.chain === chain),
    )
  }
  for (const { chain, rule } of jumpRules) {
    if (!(await iptablesOk(['-C', chain, ...rule]))) {
      await iptables('iptables', ['-w', '10', '-I', chain, '1', ...rule], { timeout: IPTABLES_TIMEOUT_MS })
    }
  }
}

const networkOptions = z.record(z.string(), z.string())
const WANTED_OPTIONS = {
  'com.docker.network.bridge.name': JOBS_BRIDGE,
  'com.docker.network.bridge.enable_icc': 'false',
}

/** Creates the jobs network unless it exists; refuses one created with other settings. */
export async function ensureJobsNetwork(cli: DockerCli): Promise<void> {
  const inspect = () =>
    runDocker(cli, ['network', 'inspect', '--format', '{{json .Options}}', JOBS_NETWORK], {
      timeoutMs: 10_000,
    })
  let found = await inspect()
  if (found.code !== 0) {
    const options = Object.entries(WANTED_OPTIONS).flatMap(([k, v]) => ['--opt', `${k}=${v}`])
    const args = ['network', 'create', '--driver', 'bridge', ...options, JOBS_NETWORK]
    const created = await runDocker(cli, args, { timeoutMs: 30_000 })
    found = await inspect() // a concurrent prepare may have won the race: either is fine
    if (found.code !== 0)
      throw new JobStartError(`the jobs network could not be created: ${dockerError(created)}`)
  }
  const options = networkOptions.parse(JSON.parse(found.stdout))
  for (const [key, value] of Object.entries(WANTED_OPTIONS)) {
    if (options[key] !== value) {
      throw new JobStartError(
        `the Docker network ${JOBS_NETWORK} exists with ${key}=${options[key]}; remove it (docker network rm ${JOBS_NETWORK}) so the agent can recreate it`,
      )
    }
  }
}

/** The network and its firewall, checked at most once a minute per agent (prepare calls it each time). */
let checked: { at: number; done: Promise<void> } | undefined
export function ensureJobsIsolation(cli: DockerCli): Promise<void> {
  if (checked && Date.now() - checked.at < 60_000) return checked.done
  const done = ensureJobsNetwork(cli).then(() => ensureJobsFirewall())
  checked = { at: Date.now(), done }
  done.catch(() => {
    checked = undefined // retried by the next prepare
  })
  return done
}
