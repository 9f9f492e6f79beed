import type { Socket } from 'node:net'
import { afterAll, describe, expect, it } from 'vitest'
import {
  jobFixture,
  nodeJob,
  PROCESS_TEST,
  readAllLines,
  TEST_RESOURCES,
  waitFor,
} from '@/test-support/agent/job-test-helpers'
import { ProcessRunner } from '../jobs/process-runner'
import { dialJob } from './job-dialer'

const fixture = jobFixture()
const runner = new ProcessRunner()
afterAll(() => fixture.cleanup())

/** A job whose server speaks first: `hello <n>` to its n-th connection, then echoes. */
const GREETER = `
  let n = 0
  const server = require('node:net').createServer((socket) => {
    socket.write('hello ' + ++n + '\\n')
    socket.pipe(socket)
  })
  server.listen(0, '127.0.0.1', () => console.log('port ' + server.address().port))`

/** The first `bytes` bytes a socket gives. */
function firstBytes(socket: Socket, bytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = ''
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8')
      if (text.length >= bytes) resolve(text.slice(0, bytes))
    })
    socket.once('error', reject)
  })
}

describe('the job dialer', PROCESS_TEST, () => {
  it('hands back sockets to the job loopback with nothing the server said first lost, until the job ends', async () => {
    const jobDir = fixture.dir()
    const base = { rentalId: 7n, gpuIndices: [0], redact: [], resources: TEST_RESOURCES }
    const job = fixture.track(await runner.start({ ...base, spec: nodeJob(GREETER), jobDir }))
    const port = await waitFor(async () => {
      const line = (await readAllLines(jobDir)).find((l) => l.text.startsWith('port '))
      return line && Number(line.text.slice(5))
    })

    const first = await dialJob(runner, jobDir, port)
    if (!first) throw new Error('no connection')
    expect(await firstBytes(first, 8)).toBe('hello 1\n')
    const echoed = firstBytes(first, 7)
    first.write('echo me')
    expect(await echoed).toBe('echo me')
    first.destroy()

    // Connections asked for at once each get their own socket back.
    const many = await Promise.all(Array.from({ length: 8 }, () => dialJob(runner, jobDir, port)))
    const greetings = await Promise.all(many.map((s) => (s ? firstBytes(s, 8) : 'none')))
    for (const s of many) s?.destroy()
    expect(new Set(greetings).size).toBe(8)
    expect(greetings.every((g) => /^hello [2-9]\n$/.test(g))).toBe(true)

    // No port outside 1–65535, and nothing where nothing listens.
    expect(await dialJob(runner, jobDir, 0)).toBeUndefined()
    expect(await dialJob(runner, jobDir, 65_536)).toBeUndefined()
    expect(await dialJob(runner, jobDir, port === 1 ? 2 : 1)).toBeUndefined()

    await job.stop()
    expect(await dialJob(runner, jobDir, port)).toBeUndefined()
  })
})
