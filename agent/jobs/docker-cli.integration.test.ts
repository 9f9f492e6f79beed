import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { dockerAvailable, dockerHostInfo } from './docker-cli'

const dir = mkdtempSync(join(tmpdir(), 'weft-docker-cli-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('dockerAvailable', () => {
  it('is true when the CLI is installed and the daemon answers', async () => {
    expect(await dockerAvailable()).toBe(true)
  })

  it('is false when the CLI is missing', async () => {
    expect(await dockerAvailable({ docker: join(dir, 'no-docker-here') })).toBe(false)
  })

  it('is false, within its timeout, when the daemon accepts connections but never answers', async () => {
    const socket = join(dir, 'silent.sock')
    const silent = createServer(() => undefined) // holds every connection open, says nothing
    await new Promise<void>((resolve) => silent.listen(socket, resolve))
    try {
      const began = Date.now()
      expect(await dockerAvailable({ dockerEnv: { DOCKER_HOST: `unix://${socket}` } }, 1500)).toBe(false)
      expect(Date.now() - began).toBeLessThan(1500 + 1000)
    } finally {
      silent.close()
    }
  })
})

describe('dockerHostInfo', () => {
  it("reads the daemon's runtimes, CPUs and memory", async () => {
    const info = await dockerHostInfo({})
    expect(info.runtimes).toContain('runc')
    expect(info.cpus).toBeGreaterThan(0)
    expect(info.memoryBytes).toBeGreaterThan(64 * 1024 * 1024)
  })
})
