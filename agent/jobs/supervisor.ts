import { pathToFileURL } from 'node:url'
import { z } from 'zod'
import {
  createJobFile,
  jobConfigSchema,
  jobExitSchema,
  jobFile,
  readJobFile,
  writeJobFile,
} from './job-files'
import { supervise } from './job-supervision'
import { LogWriter } from './log-writer'
import { processStart, signalGroup } from './proc-stat'

/**
 * The job supervisor: one detached process per job, started by a runner as
 * `node --import tsx agent/jobs/supervisor.ts <jobDir>` with the redaction list as JSON on stdin
 * (`{"redact": [...]}`), so secrets never touch the disk. It outlives the agent: an agent restart
 * reattaches through the files it writes (job-files.ts) and loses no output.
 * SIGTERM to the supervisor stops the job (job-supervision.ts).
 */

/** The redaction list from stdin: bounded, and empty when started by hand from a terminal. */
async function readRedactions(): Promise<string[]> {
  if (process.stdin.isTTY) return []
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > 1024 * 1024) throw new Error('the redaction list on stdin is over 1 MiB')
    chunks.push(chunk)
  }
  const text = Buffer.concat(chunks).toString('utf8').trim()
  return text === '' ? [] : z.strictObject({ redact: z.array(z.string()) }).parse(JSON.parse(text)).redact
}

let emergencyPgid: number | undefined
let claimed = false

async function main(jobDir: string) {
  // A supervisor that fails must not leave an unwatched job behind, and must say why. Only the
  // supervisor that claimed the job writes its exit: a second one started by mistake must not.
  const fail = (error: unknown) => {
    if (emergencyPgid !== undefined) signalGroup(emergencyPgid, 'SIGKILL')
    const message = error instanceof Error ? error.message : String(error)
    process.stderr.write(
      `weft supervisor for ${jobDir} failed: ${error instanceof Error ? error.stack : message}\n`,
    )
    const exit = {
      code: null,
      signal: null,
      endedAt: Date.now(),
      stopped: false,
      error: `supervisor failed: ${message}`,
    }
    if (claimed && !readJobFile(jobDir, 'exit.json', jobExitSchema)) writeJobFile(jobDir, 'exit.json', exit)
    process.exit(1)
  }
  process.on('uncaughtException', fail)
  process.on('unhandledRejection', fail)
  // Detached from any terminal; a hang-up is no reason to abandon the job.
  process.on('SIGHUP', () => undefined)

  const redact = await readRedactions()
  const config = readJobFile(jobDir, 'job.json', jobConfigSchema)
  if (!config) throw new Error(`${jobFile(jobDir, 'job.json')} does not exist`)
  const self = { pid: process.pid, pidStart: processStart(process.pid) ?? 0, startedAt: Date.now() }
  // Claimed exclusively: a second supervisor for the same job stops here, so no job runs twice.
  createJobFile(jobDir, 'supervisor.json', { ...self, jobPid: null, jobPidStart: null })
  claimed = true
  const log = new LogWriter(jobFile(jobDir, 'log.jsonl'), {
    limitBytes: config.logLimitBytes,
    lineLimitBytes: config.lineLimitBytes,
    redact,
  })
  supervise(jobDir, config, log, self, (pid) => {
    emergencyPgid = pid
  })
}

const entry = process.argv[1]
if (entry && import.meta.url === pathToFileURL(entry).href) {
  const jobDir = process.argv[2]
  if (!jobDir) {
    process.stderr.write('usage: node --import tsx agent/jobs/supervisor.ts <jobDir>\n')
    process.exit(2)
  }
  void main(jobDir)
}
