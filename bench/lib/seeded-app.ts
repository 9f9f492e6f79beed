/**
 * For benchmarks: a fresh PostgreSQL database holding `offers` sample offers, and the production
 * server (`next start`, which needs `next build` first) over it with no chain and no background work.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import path from 'node:path'
import { freePort } from '../../lib/chain/anvil'
import { openTestStore } from '../../test-support/db/test-stores'
import { insertSampleOffers } from '../../test-support/market/sample-offers'

export const root = path.resolve(import.meta.dirname, '../..')

export type SeededApp = { base: string; stop: () => Promise<void> }

export async function startSeededApp(offers: number): Promise<SeededApp> {
  const store = await openTestStore('postgres')
  let server: ChildProcess | undefined
  const stop = async () => {
    server?.kill('SIGTERM')
    await store.close()
  }
  try {
    await insertSampleOffers(store.db, offers, {
      providerCount: Math.max(1, Math.round(offers / 10)),
      seed: 11,
      now: new Date(Date.now() + 3_600_000),
    })
    const port = await freePort()
    server = spawn(process.execPath, ['node_modules/next/dist/bin/next', 'start', '-p', String(port)], {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: store.url ?? '',
        MARKET_ADDRESS: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512',
        TOKEN_ADDRESS: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
        APP_ORIGIN: `http://localhost:${port}`,
        WEFT_BACKGROUND: 'false',
        NODE_ENV: 'production',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    })
    const base = `http://localhost:${port}`
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${base}/api/health`)).ok) break
      } catch {
        if (i > 150) throw new Error('the app did not start: was `next build` run?')
      }
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
    return { base, stop }
  } catch (error) {
    await stop()
    throw error
  }
}

/** Writes a benchmark's result as JSON to stdout and to bench/results/<name>.json. */
export async function report(name: string, result: unknown): Promise<void> {
  const { mkdirSync, writeFileSync } = await import('node:fs')
  const text = `${JSON.stringify(result, null, 2)}\n`
  process.stdout.write(text)
  mkdirSync(path.join(root, 'bench/results'), { recursive: true })
  writeFileSync(path.join(root, `bench/results/${name}.json`), text)
}
