/**
 * `npm test`: lint, type-check and every test suite (the independent ones side by side), then the
 * production build, then the end-to-end suite in Chromium against that build, and one closing line
 * "tests: N passed, N failed". Exits non-zero when anything fails.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { z } from 'zod'
import { ensureDockerd, installMissing } from './lib/system-deps'

const root = path.resolve(import.meta.dirname, '..')
const bin = (name: string) => path.join(root, 'node_modules/.bin', name)

type Result = { name: string; code: number; seconds: number }

function run(name: string, command: string, args: string[]): Promise<Result> {
  const started = Date.now()
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: process.env })
    const prefix = (chunk: Buffer) =>
      chunk
        .toString()
        .split('\n')
        .filter((line) => line.length > 0)
        .map((line) => `[${name}] ${line}\n`)
        .join('')
    child.stdout.on('data', (chunk: Buffer) => process.stdout.write(prefix(chunk)))
    child.stderr.on('data', (chunk: Buffer) => process.stderr.write(prefix(chunk)))
    child.on('close', (code) => resolve({ name, code: code ?? 1, seconds: (Date.now() - started) / 1000 }))
  })
}

const vitestReport = z.object({
  numPassedTests: z.number(),
  numFailedTests: z.number(),
  numPendingTests: z.number(),
})
const reportDir = mkdtempSync(path.join(tmpdir(), 'weft-test-'))
const vitestRun = (name: string, projects: string[]) =>
  run(name, bin('vitest'), [
    'run',
    ...projects.map((p) => `--project=${p}`),
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${path.join(reportDir, `${name}.json`)}`,
  ])

// What the suites need from the system (Chromium, Docker, bubblewrap …) is installed or started
// here, so the README's two commands pass on a fresh machine.
const setupLog = (line: string) => console.log(`[setup] ${line}`)
try {
  installMissing(setupLog)
  await ensureDockerd(path.join(root, '.data'), setupLog)
} catch (error) {
  console.error(`[setup] ${(error as Error).message}`)
  console.log('tests: 0 passed, 1 failed')
  process.exit(1)
}

const lint = await run('lint', bin('biome'), ['check', '.'])
const results = [
  lint,
  ...(await Promise.all([run('typecheck', bin('tsc'), ['--noEmit']), vitestRun('vitest', ['!e2e'])])),
  // After the suites, not beside them: the build wants both cores.
  await run('build', bin('next'), ['build']),
]
// The end-to-end suite serves that build (next start), so it runs after it, alone.
const build = results.at(-1)
if (build?.code === 0) results.push(await vitestRun('e2e', ['e2e']))
else console.error('e2e: not run, the build failed')
const suites = results.filter((r) => r.name === 'vitest' || r.name === 'e2e').map((r) => r.name)

let passed = 0
let failed = 0
let skipped = 0
for (const name of suites) {
  try {
    const report = vitestReport.parse(JSON.parse(readFileSync(path.join(reportDir, `${name}.json`), 'utf8')))
    passed += report.numPassedTests
    failed += report.numFailedTests
    skipped += report.numPendingTests
  } catch {
    failed += 1
    console.error(`${name} wrote no report: counting the test run as failed`)
  }
}
if (!suites.includes('e2e')) failed += 1
for (const r of results) {
  if (!suites.includes(r.name)) r.code === 0 ? passed++ : failed++
  console.log(`${r.code === 0 ? 'ok  ' : 'FAIL'} ${r.name} (${r.seconds.toFixed(1)} s)`)
}
const anyFailed = results.some((r) => r.code !== 0) || failed > 0
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
process.exit(anyFailed ? 1 : 0)
