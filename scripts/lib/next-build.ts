import { spawn } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '../..')
const sourceDirs = ['app', 'components', 'lib', 'public']
const sourceFiles = ['next.config.ts', 'package-lock.json', 'postcss.config.mjs']

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0
  const stat = statSync(target)
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = stat.mtimeMs
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)))
  return newest
}

/** True when .next holds a production build newer than every source it was built from. */
export function buildIsFresh(): boolean {
  const buildId = path.join(root, '.next', 'BUILD_ID')
  if (!existsSync(buildId)) return false
  const built = statSync(buildId).mtimeMs
  return [...sourceDirs, ...sourceFiles].every((entry) => newestMtime(path.join(root, entry)) <= built)
}

/** Runs `next build` unless the existing build is fresh; rejects with the exit code on failure. */
export async function buildIfStale(env: NodeJS.ProcessEnv): Promise<void> {
  if (!buildIsFresh()) await runNextBuild(env)
}

/** Runs `next build` with `env`; rejects with the exit code on failure. */
export async function runNextBuild(env: NodeJS.ProcessEnv): Promise<void> {
  console.log('building the app (next build)…')
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ['node_modules/next/dist/bin/next', 'build'], {
      cwd: root,
      env,
      stdio: 'inherit',
    })
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`next build failed with exit code ${code}`)),
    )
  })
}
