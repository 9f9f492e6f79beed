/**
 * The reference page for the browser benchmarks: bench/bare-next, a bare Next.js app (one client
 * component holding a 50-row table), built with this repository's own `next` and served by it.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import path from 'node:path'
import { freePort } from '../../lib/chain/anvil'
import { root } from './seeded-app'

const appDir = path.join(root, 'bench/bare-next')
const nextBin = path.join(root, 'node_modules/next/dist/bin/next')

export type BareNext = { base: string; stop: () => Promise<void> }

/** Builds the reference app (its own folder is the project, so nothing of the app leaks in). */
export function buildBareNext(): void {
  execFileSync(process.execPath, [nextBin, 'build'], {
    cwd: appDir,
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
}

/** Serves the built reference app with `next start` on a free port. */
export async function startBareNext(): Promise<BareNext> {
  const port = await freePort()
  const server: ChildProcess = spawn(process.execPath, [nextBin, 'start', '-p', String(port)], {
    cwd: appDir,
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const base = `http://localhost:${port}`
  const stop = async () => {
    if (server.exitCode !== null) return
    const exited = new Promise((resolve) => server.once('exit', resolve))
    server.kill('SIGTERM')
    await exited
  }
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(base)).ok) return { base, stop }
    } catch {
      if (i > 150 || server.exitCode !== null) {
        await stop()
        throw new Error('the bare Next.js reference app did not start')
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}
