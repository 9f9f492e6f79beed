import { type ChildProcess, spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import path from 'node:path'

const require = createRequire(import.meta.url)

export type AnvilOptions = { port?: number; chainId?: number; blockTime?: number; quiet?: boolean }
export type Anvil = { rpcUrl: string; port: number; process: ChildProcess; stop(): Promise<void> }

/**
 * A loopback port free right now. Nothing holds it: a server meant to listen there races every
 * other process on the machine, so use it where a lost race is retried (as `startAnvil` does) or
 * where a port nobody listens on is wanted.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      )
    })
  })
}

const platformPackages: Record<string, string> = {
  'linux-x64': '@foundry-rs/anvil-linux-amd64',
  'linux-arm64': '@foundry-rs/anvil-linux-arm64',
  'darwin-x64': '@foundry-rs/anvil-darwin-amd64',
  'darwin-arm64': '@foundry-rs/anvil-darwin-arm64',
}

/** Path of the native anvil binary shipped by the @foundry-rs/anvil npm package for this platform. */
export function anvilBinary(): string {
  const pkg = platformPackages[`${process.platform}-${process.arch}`]
  if (!pkg) throw new Error(`anvil is not packaged for ${process.platform}-${process.arch}`)
  return path.join(path.dirname(require.resolve(`${pkg}/package.json`)), 'bin', 'anvil')
}

/** Anvil could not bind its port: someone took it between `freePort` and anvil's own bind. */
class PortTaken extends Error {}

/**
 * Starts a real anvil on loopback and resolves once it listens and answers JSON-RPC. Anvil cannot
 * pick a port itself (no `--port 0`), so without `options.port` it is given one the kernel just
 * handed out, and a fresh one when another process bound that port first.
 */
export async function startAnvil(options: AnvilOptions = {}): Promise<Anvil> {
  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await freePort())
    try {
      return await launchAnvil(port, options)
    } catch (error) {
      if (!(error instanceof PortTaken) || options.port !== undefined || attempt >= 5) throw error
    }
  }
}

async function launchAnvil(port: number, options: AnvilOptions): Promise<Anvil> {
  const args = ['--host', '127.0.0.1', '--port', String(port), '--chain-id', String(options.chainId ?? 31337)]
  if (options.blockTime) args.push('--block-time', String(options.blockTime))
  const child = spawn(anvilBinary(), args, { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    if (output.length < 10_000) output += chunk.toString()
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    if (output.length < 10_000) output += chunk.toString()
  })
  const rpcUrl = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 20_000
  for (;;) {
    if (child.exitCode !== null) {
      if (/address already in use/i.test(output)) throw new PortTaken(`port ${port} is taken`)
      throw new Error(`anvil exited with code ${child.exitCode}: ${output}`)
    }
    // Anvil says it listens only once it has bound the port: until then whatever answers there
    // (another test's anvil, say) is not this one.
    if (output.includes(`Listening on 127.0.0.1:${port}`) && (await answers(rpcUrl))) break
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`anvil did not answer on ${rpcUrl} within 20 s: ${output}`)
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve()
      child.once('exit', () => resolve())
      child.kill('SIGTERM')
    })
  return { rpcUrl, port, process: child, stop }
}

async function answers(rpcUrl: string): Promise<boolean> {
  try {
    const res = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
    })
    return res.ok
  } catch {
    return false // not listening yet
  }
}
